// What the person does to a transfer besides resuming it: pause it (the upload id and the
// journal stay), or cancel it (the multipart upload aborted, then the journal deleted).
import { assertNever } from '../../../shared/errors'
import { summaryFromJournal } from '../../journal/catalog'
import { isRunning } from '../../journal/process-alive'
import { transferAlreadyFinished, transferRunningElsewhere } from '../../journal/transfer-errors'
import { connectionForJournal, type ConnectionResolver } from './connection-resolution'
import { forgetQueued } from './queued-journals'
import type { EngineConnection, EngineReply } from '../../../shared/engine-protocol'
import { cancelNotFinished, forgetCancelled } from './cancel-ending'
import { settledPhaseOf, type RunScheduler } from './run-scheduler'
import { newEntry, type Entry } from './transfer-entry'
import { pauseRunning, type SettledPhase } from './transfer-phase'

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

/**
 * Cancels a transfer: stops it, aborts its multipart upload, and deletes its journal once the
 * upload is gone (cancel-ending.ts). A cancel that cannot abort the upload fails, naming why,
 * and keeps the journal for another try.
 */
export function cancelTransfer(
  s: RunScheduler,
  saved: ConnectionResolver | undefined,
  id: string,
  options: { connection?: EngineConnection },
): void {
  let entry = s.entries.get(id)
  if (entry) {
    const phase = entry.phase
    if (options.connection) entry.connection = options.connection
    if (phase.kind === 'running') {
      // Its run's end settles it, and the cancel follows that end (RunScheduler.#run): a run not
      // sent yet, or one a pause is already stopping (the engine stops a job once, for the first
      // reason it gets), would otherwise end paused with its upload open.
      entry.phase = { kind: 'running', stopping: { ...phase.stopping, by: 'person', cancel: true } }
      if (entry.inEngine && !phase.stopping) {
        // The engine stops the run as a cancel, aborting its upload; the run's reply says how it ended.
        void s.link.request({
          type: 'cancel',
          transferId: id,
          journalDir: s.journals.journalDir,
          connection: entry.connection,
        })
      }
      return
    }
    if (phase.kind === 'cancelling') return
    // Ferry no longer resumes it by itself.
    if (phase.kind === 'held') entry.phase = { kind: 'idle' }
    else if (phase.kind === 'retrying') {
      phase.cancel()
      entry.phase = { kind: 'idle' }
    }
  }
  if (entry?.summary.state === 'cancelled') return
  if (entry?.summary.state === 'done') throw transferAlreadyFinished(id)
  if (entry) {
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
    // Another live process runs it: refused here, before the engine's own refusal would leave a
    // cancel-pending mark on a transfer that process still owns.
    if (!view.final && isRunning(view.writer))
      throw transferRunningElsewhere(
        id,
        { pid: view.writer.pid },
        'Cancel it where it runs, or stop that process first.',
      )
    // Cancelled earlier, its journal not deleted then: nothing is left to abort.
    if (view.final?.status === 'cancelled') return forgetCancelled(s.journals.journalDir, id)
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
  }
  const target = entry
  target.phase = { kind: 'cancelling' }
  void s.link
    .request({
      type: 'cancel',
      transferId: id,
      journalDir: s.journals.journalDir,
      connection: target.connection,
    })
    .then((reply) => {
      // Resumed meanwhile (a run of its own now settles it), or settled already.
      if (target.phase.kind !== 'cancelling') return
      s.settle(target, cancelReplyPhase(s, target, reply))
    })
}

/** How a cancel the engine answered settles a transfer that was not running. */
export function cancelReplyPhase(s: RunScheduler, entry: Entry, reply: EngineReply): SettledPhase {
  switch (reply.type) {
    case 'cancelled':
      forgetCancelled(s.journals.journalDir, entry.summary.id)
      return { kind: 'cancelled' }
    case 'failed':
      // Never a failure Ferry retries by itself (waiting for the network would resume the upload
      // the person cancelled): it stays failed until cancelled again.
      return {
        kind: 'failed',
        error: cancelNotFinished(s.journals.journalDir, entry.summary, reply.error),
        failure: 'final',
      }
    default:
      // Already finished ('done'): it stays so.
      return settledPhaseOf(entry, reply)
  }
}
