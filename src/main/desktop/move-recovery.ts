// Moves and copies started in the window (a folder renamed, rows dragged onto a folder, cut and
// paste) that a quit, a crash or a kill cut short are finished when the app starts again, as
// its uploads are (the "resume at start" setting). Each set runs again from its journal through
// the same path the window uses (runMoveSet with the set's own request), which first aborts the
// multipart copies the earlier run left open. Sets of `ferry mv`/`ferry cp` alone (no app
// connection in their journal) stay for `ferry resume`; a set a live process runs is left to it.
import { toErrorValue, type FerryErrorValue } from '../../shared/errors'
import type { Core } from '../core/create-core'
import { moveRequestOf, runMoveSet, type MoveSetInput } from '../core/transfers/move-set'
import { interruptedMoves, moveIdentity, type MoveHeader, type MoveView } from '../journal/move-journal'
import { plural } from '../../shared/plural'
import { moveRoute } from './move-route'

export type MoveRecoveryOutcome =
  /** `objects`: every object of the set now at its destination, this run's and the earlier's. */
  | { kind: 'finished'; header: MoveHeader; objects: number; skipped: number }
  | { kind: 'failed'; header: MoveHeader; error: FerryErrorValue }
  /** Not run: its connection was removed or changed since; it stays for the person. */
  | { kind: 'left'; header: MoveHeader; reason: string }

export interface MoveRecoveryOptions {
  signal?: AbortSignal
  /** Each set as it ends, for the person to be told. */
  onOutcome?: (outcome: MoveRecoveryOutcome) => void
}

/** The window's sets, cut short, that no live process runs: oldest first. */
export async function appMovesToFinish(journalDir: string): Promise<MoveView[]> {
  return (await interruptedMoves(journalDir)).filter((v) => v.header.connection.connectionId !== undefined)
}

/** Runs each interrupted app set again, one after another; returns what became of each. */
export async function finishInterruptedMoves(
  core: Core,
  options: MoveRecoveryOptions = {},
): Promise<MoveRecoveryOutcome[]> {
  const outcomes: MoveRecoveryOutcome[] = []
  for (const view of await appMovesToFinish(core.transfers.journalDir)) {
    if (options.signal?.aborted) break
    const outcome = await finishOne(core, view, options.signal)
    outcomes.push(outcome)
    options.onOutcome?.(outcome)
  }
  return outcomes
}

async function finishOne(core: Core, view: MoveView, signal?: AbortSignal): Promise<MoveRecoveryOutcome> {
  const header = view.header
  const fromId = header.connection.connectionId!
  const toId = header.to ? header.to.connectionId : fromId
  const known = new Set(core.connections.list().map((c) => c.id))
  if (!known.has(fromId) || toId === undefined || !known.has(toId))
    return { kind: 'left', header, reason: 'its connection is no longer saved in Ferry' }
  const input: MoveSetInput = {
    op: header.op,
    source: header.source,
    // The journal holds the planned target; planning it again gives the same one.
    destination: { bucket: header.target.bucket, key: header.target.key },
    ifExists: header.ifExists,
    tuning: header.tuning,
  }
  try {
    const route = moveRoute(core, fromId, toId === fromId ? undefined : toId)
    // An edited endpoint makes it another set: running it would start afresh, not continue this one.
    if (moveIdentity(route.connection, route.toConnection, moveRequestOf(input)) !== header.identity)
      return { kind: 'left', header, reason: 'its connection points elsewhere since' }
    let earlier = 0
    const seen = new Set<string>()
    let firstFailed: FerryErrorValue | undefined
    const summary = await runMoveSet(input, {
      ...route,
      ...(signal ? { signal } : {}),
      onEvent: (e) => {
        if (e.kind !== 'progress') seen.add(e.source.key)
        if (e.kind === 'skipped' && e.reason === 'earlier') earlier++
        if (e.kind === 'failed') firstFailed ??= e.error
      },
    })
    if (summary.stoppedBy) return { kind: 'failed', header, error: summary.stoppedBy }
    if (summary.failed > 0 && firstFailed)
      return {
        kind: 'failed',
        header,
        error: setFailure(header, summary.failed, firstFailed),
      }
    // Objects the earlier run copied whose source is gone (moved) are no longer listed.
    const before = [...view.copied.keys()].filter((k) => !seen.has(k)).length
    return {
      kind: 'finished',
      header,
      objects: before + earlier + summary.objects,
      skipped: summary.skipped - earlier,
    }
  } catch (e) {
    return { kind: 'failed', header, error: toErrorValue(e) }
  }
}

/** The first object's failure, said for the whole set, in the window's words rather than the CLI's. */
function setFailure(header: MoveHeader, failed: number, first: FerryErrorValue): FerryErrorValue {
  const verb = header.op === 'move' ? 'moved' : 'copied'
  const again = `do the same ${header.op} again: what is done stays done.`
  return {
    code: first.code,
    message: `${plural(failed, 'object')} could not be ${verb}; the first: ${first.message}`,
    fix:
      first.code === 'destination-exists'
        ? `Rename, move or delete what is at the destination, then ${again}`
        : `${first.fix} Then ${again}`,
  }
}
