import { useState } from 'react'
import { Modal } from '../common/Modal'
import { IncompleteUploadsPanel } from './IncompleteUploadsPanel'

/** Multipart uploads left unfinished in the bucket: invisible in listings, yet billed. */
export function IncompleteUploadsButton({ disabled }: { disabled: boolean }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className="button" disabled={disabled} onClick={() => setOpen(true)}>
        Incomplete uploads
      </button>
      <Modal
        open={open}
        onClose={() => setOpen(false)}
        labelledBy="incomplete-uploads-title"
        className="incomplete-uploads"
      >
        <IncompleteUploadsPanel titleId="incomplete-uploads-title" onClose={() => setOpen(false)} />
      </Modal>
    </>
  )
}
