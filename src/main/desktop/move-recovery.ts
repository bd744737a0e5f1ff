// Moves and copies started in the window (a folder renamed, rows dragged onto a folder, cut and
// paste) that did not finish are rows of the transfers panel when the app starts again. One a
// quit, a crash or a kill cut short runs again at once when "resume at start" allows, as the
// uploads do, through the same path the window uses (the move center, runMoveSet with the
// set's own request, which first aborts the multipart copies the earlier run left open);
// otherwise it waits, interrupted, for Resume or Cancel. One whose last run failed (an error
// stopped it, objects could not move, its cancel did not finish) shows failed with its error
// and is not tried again by itself at every start. Sets of `ferry mv`/`ferry cp` alone (no app
// connection in their journal) stay for `ferry resume`; a set a live process runs is left to it.
import type { FerryErrorValue } from '../../shared/errors'
import type { Core } from '../core/create-core'
import { moveRequestOf, type MoveSetInput } from '../core/transfers/move-set'
import { cancelPending } from '../journal/cancel-marks'
import {
  moveHeldElsewhere,
  moveIdentity,
  readMoves,
  type MoveHeader,
  type MoveView,
} from '../journal/move-journal'
import type { MoveCenter } from './move-center'
import { setFailure, stoppedError } from './move-row'
import { moveRoute } from './move-route'
import { doneIn } from './move-set-forget'

export type MoveRecoveryOutcome =
  /** `objects`: every object of the set now at its destination, this run's and the earlier's. */
  | { kind: 'finished'; header: MoveHeader; objects: number; skipped: number }
  | { kind: 'failed'; header: MoveHeader; error: FerryErrorValue }
  /** Not run: its connection was removed or changed since; it waits, failed, for the person. */
  | { kind: 'left'; header: MoveHeader; reason: string }

export interface MoveRecoveryOptions {
  /** Run the sets cut short ("resume at start"); else they wait in the panel. */
  resume: boolean
  signal?: AbortSignal
  /** Each set run as it ends, and each left, for the person to be told. */
  onOutcome?: (outcome: MoveRecoveryOutcome) => void
}

/** What start makes of an unfinished set: run it again, or show why it failed last time. */
export type FoundAtStart = { kind: 'cut-short' } | { kind: 'failed'; error: FerryErrorValue }

/** Pure: a set with no end and no error was cut short; anything else failed, and says why. */
export function foundAtStart(view: MoveView, cancelWaits: boolean): FoundAtStart {
  const op = view.header.op
  if (cancelWaits)
    return {
      kind: 'failed',
      error: {
        code: 'cancelled',
        message: `the cancel of this ${op} did not finish: a multipart copy of it may still be open on the store`,
        fix: 'Press Cancel again once the store can be reached (or Resume to finish it instead).',
      },
    }
  if (view.end?.status === 'failed') {
    const [first] = view.failed.values()
    if (first) return { kind: 'failed', error: setFailure(op, view.failed.size, first) }
  }
  if (view.stopped) return { kind: 'failed', error: stoppedError(op, view.stopped, doneIn(view)) }
  return { kind: 'cut-short' }
}

/** The window's sets not finished that no live process runs: oldest first. */
export async function appMovesUnfinished(journalDir: string): Promise<MoveView[]> {
  return (await readMoves(journalDir)).filter(
    (v) =>
      v.header.connection.connectionId !== undefined && v.end?.status !== 'done' && !moveHeldElsewhere(v),
  )
}

/** Shows each unfinished app set in the panel; runs those cut short, one after another, when asked. */
export async function finishInterruptedMoves(
  core: Core,
  center: MoveCenter,
  options: MoveRecoveryOptions,
): Promise<MoveRecoveryOutcome[]> {
  const outcomes: MoveRecoveryOutcome[] = []
  const journalDir = core.transfers.journalDir
  const toRun: MoveView[] = []
  for (const view of await appMovesUnfinished(journalDir)) {
    const found = foundAtStart(view, cancelPending(journalDir, view.header.id))
    const left = adopt(core, center, view, found.kind === 'failed' ? found.error : undefined)
    if (left) {
      outcomes.push(left)
      options.onOutcome?.(left)
    } else if (found.kind === 'cut-short') toRun.push(view)
  }
  if (!options.resume) return outcomes
  for (const view of toRun) {
    if (options.signal?.aborted) break
    const header = view.header
    const end = await center.resume(header.id)
    // Stopped because the app is closing: the next start carries on.
    if (end.state === 'paused') break
    const row = center.summary(header.id)
    const outcome: MoveRecoveryOutcome =
      end.state === 'done'
        ? {
            kind: 'finished',
            header,
            objects: row.set.objectsDone - row.set.skipped,
            skipped: row.set.skipped,
          }
        : {
            kind: 'failed',
            header,
            error: row.error ?? { code: 'internal', message: `the ${header.op} ended ${end.state}`, fix: '' },
          }
    outcomes.push(outcome)
    options.onOutcome?.(outcome)
  }
  return outcomes
}

/** The set as a waiting row; a set whose connection was removed or changed is shown failed. */
function adopt(
  core: Core,
  center: MoveCenter,
  view: MoveView,
  error: FerryErrorValue | undefined,
): MoveRecoveryOutcome | undefined {
  const header = view.header
  const fromId = header.connection.connectionId!
  const toId = header.to ? header.to.connectionId : fromId
  const input: MoveSetInput = {
    op: header.op,
    source: header.source,
    // The journal holds the planned target; planning it again gives the same one.
    destination: { bucket: header.target.bucket, key: header.target.key },
    ifExists: header.ifExists,
    tuning: header.tuning,
  }
  const known = new Set(core.connections.list().map((c) => c.id))
  let reason: string | undefined
  if (!known.has(fromId) || toId === undefined || !known.has(toId))
    reason = 'its connection is no longer saved in Ferry'
  else {
    const route = moveRoute(core, fromId, toId === fromId ? undefined : toId)
    // An edited endpoint makes it another set: running it would start afresh, not continue this one.
    if (moveIdentity(route.connection, route.toConnection, moveRequestOf(input)) !== header.identity)
      reason = 'its connection points elsewhere since'
  }
  center.adopt({
    setId: header.id,
    op: header.op,
    input,
    fromId,
    ...(toId !== undefined && toId !== fromId ? { toId } : {}),
    identity: header.identity,
    createdAt: header.createdAt,
    before: doneIn(view),
    ...(reason
      ? {
          error: {
            code: 'not-found',
            message: `this ${header.op} cannot go on in the app: ${reason}`,
            fix: `Finish it with ferry resume ${header.id}, or give it up with ferry cancel ${header.id}, with its credentials.`,
          },
        }
      : error
        ? { error }
        : {}),
  })
  return reason ? { kind: 'left', header, reason } : undefined
}
