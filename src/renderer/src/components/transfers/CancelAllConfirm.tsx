import { useState, type FormEvent } from 'react'
import type { TransferState } from '../../../../shared/domain/transfer'
import { FINISHED_STATES } from '../../../../shared/transfer-groups'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { Modal } from '../common/Modal'
import { ModalActions } from '../common/ModalActions'

/** Transfers "Cancel all" would end: every one not finished (a failed one too). */
export function cancellableCount(counts: Partial<Record<TransferState, number>>): number {
  let n = 0
  for (const [state, count] of Object.entries(counts) as [TransferState, number][])
    if (!FINISHED_STATES.has(state)) n += count
  return n
}

const TITLE_ID = 'cancel-all-title'

/** Cancelling is for good (stored parts deleted, partial files removed): it is confirmed first. */
export function CancelAllConfirm({
  count,
  open,
  onClose,
}: {
  count: number
  open: boolean
  onClose: () => void
}) {
  const cancelAll = useStore((s) => s.cancelAllTransfers)
  const [busy, setBusy] = useState(false)
  const error = useStore((s) => s.transfersError)
  const [failed, setFailed] = useState(false)
  const confirm = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    const ok = await cancelAll()
    setBusy(false)
    if (ok) onClose()
    else setFailed(true)
  }
  const close = () => {
    setFailed(false)
    onClose()
  }
  const transfers = `${count.toLocaleString('en-US')} transfer${count === 1 ? '' : 's'}`
  return (
    <Modal open={open} onClose={close} labelledBy={TITLE_ID}>
      <form className="modal__form" onSubmit={(e) => void confirm(e)}>
        <header className="modal__header">
          <h2 id={TITLE_ID}>Cancel {transfers}?</h2>
          <p className="muted">
            Every transfer not finished is cancelled, paused and failed ones too. Uploads are aborted on the
            store, so the parts already sent are deleted; partial downloads are removed. Finished transfers
            stay as they are. This cannot be undone.
          </p>
        </header>
        {failed && error ? <ErrorNotice title="Not everything was cancelled" error={error} /> : null}
        <ModalActions onCancel={close} cancelLabel="Keep them">
          <button type="submit" className="button button--danger" disabled={busy || count === 0} autoFocus>
            {busy ? 'Cancelling…' : `Cancel ${transfers}`}
          </button>
        </ModalActions>
      </form>
    </Modal>
  )
}
