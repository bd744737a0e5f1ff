import { useState } from 'react'
import { PlusIcon } from '../common/icons'
import { Modal } from '../common/Modal'
import { NewFolderForm } from './NewFolderForm'

export function NewFolderButton({ disabled }: { disabled: boolean }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className="button" disabled={disabled} onClick={() => setOpen(true)}>
        <PlusIcon />
        New folder
      </button>
      <Modal open={open} onClose={() => setOpen(false)} labelledBy="new-folder-title">
        <NewFolderForm titleId="new-folder-title" onDone={() => setOpen(false)} />
      </Modal>
    </>
  )
}
