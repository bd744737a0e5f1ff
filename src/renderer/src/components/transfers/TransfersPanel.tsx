import { useShallow } from 'zustand/react/shallow'
import type { TransferState } from '../../../../shared/domain/transfer'
import { FINISHED_STATES } from '../../../../shared/transfer-groups'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { TransferList } from './TransferList'
import { canPause, canResume, isActive } from './transfer-states'
import './transfers.css'

export function TransfersPanel() {
  const {
    order,
    error,
    reportError,
    summary,
    pausable,
    resumable,
    finished,
    pauseAll,
    resumeAll,
    clearFinished,
  } = useStore(
    useShallow((s) => {
      const present = (Object.keys(s.transferCounts) as TransferState[]).filter(
        (state) => (s.transferCounts[state] ?? 0) > 0,
      )
      return {
        order: s.transferOrder,
        error: s.transfersError,
        reportError: s.reportTransfersError,
        summary: summarize(s.transferCounts),
        pausable: present.some(canPause),
        resumable: present.some(canResume),
        finished: present.some((state) => FINISHED_STATES.has(state)),
        pauseAll: s.pauseAllTransfers,
        resumeAll: s.resumeAllTransfers,
        clearFinished: s.clearFinishedTransfers,
      }
    }),
  )
  return (
    <section className="transfers" aria-labelledby="transfers-heading">
      <header className="transfers__header">
        <h2 id="transfers-heading">Transfers</h2>
        <span className="transfers__summary muted">{summary}</span>
        <span className="transfers__spacer" />
        <button
          type="button"
          className="button button--small"
          disabled={!pausable}
          onClick={() => void pauseAll()}
        >
          Pause all
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={!resumable}
          onClick={() => void resumeAll()}
        >
          Resume all
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={!finished}
          onClick={() => void clearFinished()}
        >
          Clear finished
        </button>
      </header>
      {error ? (
        <div className="transfers__error">
          <ErrorNotice error={error} onDismiss={() => reportError(null)} />
        </div>
      ) : null}
      {order.length === 0 ? (
        <p className="transfers__empty muted">
          No transfers yet. Drop files on the object browser to upload them.
        </p>
      ) : (
        <TransferList order={order} />
      )}
    </section>
  )
}

/** "2 active · 1 paused · 5 done · 1 failed", as one string so the selector stays shallow-comparable. */
function summarize(counts: Partial<Record<TransferState, number>>): string {
  const states = Object.keys(counts) as TransferState[]
  if (states.every((state) => !counts[state])) return ''
  const count = (pick: (state: TransferState) => boolean) =>
    states.filter(pick).reduce((n, state) => n + (counts[state] ?? 0), 0)
  const active = count(isActive)
  const done = counts.done ?? 0
  const paused = counts.paused ?? 0
  const failed = counts.failed ?? 0
  const parts = [`${active} active`]
  if (paused) parts.push(`${paused} paused`)
  parts.push(`${done} done`)
  if (failed) parts.push(`${failed} failed`)
  return parts.join(' · ')
}
