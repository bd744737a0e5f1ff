import { useState } from 'react'
import { Modal } from '../common/Modal'
import { PlusIcon } from '../common/icons'
import { DeleteBucketForm } from './DeleteBucketForm'
import { NewBucketForm } from './NewBucketForm'

export function NewBucketButton() {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button
        type="button"
        className="icon-button"
        aria-label="New bucket"
        title="New bucket"
        onClick={() => setOpen(true)}
      >
        <PlusIcon />
      </button>
      <Modal open={open} onClose={() => setOpen(false)} labelledBy="new-bucket-title">
        <NewBucketForm titleId="new-bucket-title" onDone={() => setOpen(false)} />
      </Modal>
    </>
  )
}

export function DeleteBucketButton({ bucket }: { bucket: string }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button
        type="button"
        className="icon-button sidebar__item-action"
        aria-label={`Delete bucket ${bucket}`}
        title="Delete bucket"
        onClick={() => setOpen(true)}
      >
        <span aria-hidden="true">×</span>
      </button>
      <Modal open={open} onClose={() => setOpen(false)} labelledBy="delete-bucket-title">
        <DeleteBucketForm bucket={bucket} titleId="delete-bucket-title" onDone={() => setOpen(false)} />
      </Modal>
    </>
  )
}
