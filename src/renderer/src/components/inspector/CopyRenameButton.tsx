import { useState } from 'react'
import { Modal } from '../common/Modal'
import { CopyRenameForm } from './CopyRenameForm'

export function CopyRenameButton({ objectKey }: { objectKey: string }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Copy or rename
      </button>
      <Modal open={open} onClose={() => setOpen(false)} labelledBy="copy-rename-title">
        <CopyRenameForm objectKey={objectKey} titleId="copy-rename-title" onDone={() => setOpen(false)} />
      </Modal>
    </>
  )
}
