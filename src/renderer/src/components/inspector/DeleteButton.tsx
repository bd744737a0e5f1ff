import { useState } from 'react'
import { Modal } from '../common/Modal'
import { DeleteConfirm } from './DeleteConfirm'

/** Deleting asks first, naming what goes; objects and whole folders alike. */
export function DeleteButton({ ids }: { ids: string[] }) {
  const [confirming, setConfirming] = useState(false)
  return (
    <>
      <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
        Delete
      </button>
      <Modal open={confirming} onClose={() => setConfirming(false)} labelledBy="delete-confirm-title">
        <DeleteConfirm ids={ids} titleId="delete-confirm-title" onDone={() => setConfirming(false)} />
      </Modal>
    </>
  )
}
