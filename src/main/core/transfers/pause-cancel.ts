// What the person does to a transfer besides resuming it: pause it (the upload id and the
// journal stay), or cancel it (the multipart upload aborted, the journal closed as cancelled).
import { assertNever } from '../../../shared/errors'
import type { EngineConnection } from '../../../shared/engine-protocol'
import { summaryFromJournal } from '../../journal/catalog'
import { transferAlreadyFinished } from '../../journal/transfer-errors'
import { connectionForJournal, type ConnectionResolver } from './connection-resolution'
import { forgetQueued } from './queued-journals'
import { settledPhaseOf, type RunScheduler } from './run-scheduler'
import { newEntry } from './transfer-entry'
import { pauseRunning } from './transfer-phase'

/** Pauses a running or queued transfer: in-flight requests stop, the upload id and journal stay. */
export function pauseTransfer(s: RunScheduler, id: string): void {
  const entry = s.entries.get(id)
  if (!entry) {
    if (!s.journals.exists(id)) throw s.journals.unknown(id)
    return
  }
  const phase = entry.phase
  switch (phase.kind) {
    case 'running':
      // A cancel waiting for the run to end stays a cancel.
      if (phase.stopping?.cancel) return
      s.link.post({ type: 'pause', transferId: id })
      entry.phase = pauseRunning()
      return
    case 'queued':
      s.dequeue(id)
      s.settle(entry, { kind: 'paused' })
      return
    case 'retrying':
      phase.cancel()
      s.settle(entry, { kind: 'paused' })
      return
    case 'held':
      s.settle(entry, { kind: 'paused' })
      return
    case 'idle':
    case 'cancelling':
    case 'done':
    case 'paused':
    case 'cancelled':
    case 'failed':
    case 'let-go':
      return
    default:
      assertNever(phase)
  }
}

/** Cancels a transfer: stops it, aborts its multipart upload, closes its journal as cancelled. */
export function cancelTransfer(
  s: RunScheduler,
  saved: ConnectionResolver | undefined,
  id: string,
  options: { connection?: EngineConnection },
): void {
  let entry = s.entries.get(id)
  if (entry) {
    const phase = entry.phase
    // Ferry no longer resumes it by itself.
    if (phase.kind === 'held') entry.phase = { kind: 'idle' }
    else if (phase.kind === 'retrying') {
      phase.cancel()
      entry.phase = { kind: 'idle' }
    } else if (phase.kind === 'running' && !entry.inEngine) {
      // Its run is not with the engine yet: it is not sent, and the cancel follows its end.
      entry.phase = { kind: 'running', stopping: { by: 'person', cancel: true } }
      return
    } else if (phase.kind === 'running' && phase.stopping)
      entry.phase = { kind: 'running', stopping: { ...phase.stopping, by: 'person' } }
  }
  if (entry?.summary.state === 'cancelled') return
  if (entry?.summary.state === 'done' && entry.phase.kind !== 'running') {
    throw transferAlreadyFinished(id)
  }
  if (entry && entry.phase.kind !== 'running') {
    s.dequeue(id)
    // Never started: nothing exists on the server to abort.
    if (!s.engineJournaled(entry)) {
      forgetQueued(s.journals.journalDir, id)
      s.settle(entry, { kind: 'cancelled' })
      return
    }
  }
  if (!entry) {
    const view = s.journals.read(id)
    // A failed one may still be retried; cancelling it closes its journal for good (cancel-job.ts).
    if (view.final && view.final.status !== 'failed') return
    let connection = options.connection
    if (!connection && view.header.uploadId) connection = connectionForJournal(saved, view.header.connection)
    entry = newEntry(
      summaryFromJournal(view, false),
      connection ?? { endpoint: '', region: '', pathStyle: false },
      view.header.tuning,
      view.header.size,
    )
    s.entries.set(id, entry)
  } else if (options.connection) entry.connection = options.connection
  const target = entry
  if (target.phase.kind !== 'running') target.phase = { kind: 'cancelling' }
  void s.link
    .request({
      type: 'cancel',
      transferId: id,
      journalDir: s.journals.journalDir,
      connection: target.connection,
    })
    .then((reply) => {
      const phase = target.phase.kind
      // A running one settles by its run's reply. One that ended done or cancelled before the
      // cancel reached the engine stays so: the engine then finds no job, and answers from
      // the closed journal (already finished) or of the job it waited for.
      if (phase === 'running' || phase === 'done' || phase === 'cancelled') return
      s.settle(target, settledPhaseOf(target, reply))
    })
}
