import { useState } from 'react'
import { RESTORE_STATUS_TEXT, RestoreForm, type RestoreStatus } from './RestoreForm'
import './archive.css'

interface Props {
  target: { connectionId: string; bucket: string; key: string }
  /** Said after the restore's answer: what to do next where the offer is made. */
  next?: string
  small?: boolean
  onRestored?: (status: RestoreStatus) => void
}

/** Restore…: a button that opens the form, then what S3 answered. */
export function RestoreOffer({ target, next, small, onRestored }: Props) {
  const [open, setOpen] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  if (done) return <p role="status">{next ? `${done} ${next}` : done}</p>
  if (open)
    return (
      <RestoreForm
        target={target}
        onCancel={() => setOpen(false)}
        onRestored={(status) => {
          setDone(RESTORE_STATUS_TEXT[status])
          onRestored?.(status)
        }}
      />
    )
  return (
    <button type="button" className={small ? 'button button--small' : 'button'} onClick={() => setOpen(true)}>
      Restore…
    </button>
  )
}
