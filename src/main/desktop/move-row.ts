// A move or copy of the window as one row of the transfers panel: its sets (one per dragged or
// pasted item) and how far each got, folded from runMoveSet's events. Pure: the move center
// (move-center.ts) keeps the rows, runs the sets and sends the changes.
import type { SetTransferSummary, TransferState } from '../../shared/domain/transfer'
import type { FerryErrorValue } from '../../shared/errors'
import { requestWords, setWords } from '../../shared/move-words'
import { plural } from '../../shared/plural'
import { moveRequestOf, type MoveEvent, type MoveSetInput } from '../core/transfers/move-set'
import { queuedCounters } from '../core/transfers/queued-summary'

/** One set of a row, as far as this process knows it. */
export interface RowSet {
  input: MoveSetInput
  /** Its journal's id, once a run opened it (or found it at start). */
  setId?: string
  /** 'done': its journal ended done; 'open': a journal not done (cut short or failed); 'new': not run yet. */
  status: 'new' | 'open' | 'done'
  counts: SetCounts
}

export interface SetCounts {
  /** Objects an earlier run moved (no longer listed). */
  before: number
  /** This run: objects at their destination or skipped as done, and their bytes. */
  done: number
  bytesDone: number
  /** This run: objects and bytes the listing found. */
  listed: number
  bytesListed: number
  complete: boolean
  skipped: number
  failed: number
}

export const noCounts = (): SetCounts => ({
  before: 0,
  done: 0,
  bytesDone: 0,
  listed: 0,
  bytesListed: 0,
  complete: false,
  skipped: 0,
  failed: 0,
})

/** The counts after one event of the set's run (a new run starts from `noCounts`). */
export function countEvent(c: SetCounts, e: MoveEvent): SetCounts {
  switch (e.kind) {
    case 'opened':
      return { ...c, before: e.movedBefore }
    case 'listed':
      return { ...c, listed: e.objects, bytesListed: e.bytes, complete: e.complete }
    case 'progress':
      return { ...c, done: e.objectsDone, bytesDone: e.bytesDone }
    case 'skipped':
      return e.reason === 'exists' ? { ...c, skipped: c.skipped + 1 } : c
    case 'failed':
      return { ...c, failed: c.failed + 1 }
    case 'done':
      return c
  }
}

/** The row's figures from its sets: objects and bytes done of those found so far. */
export function rowFigures(sets: readonly RowSet[]): Pick<
  SetTransferSummary['set'],
  'objectsDone' | 'objectsTotal' | 'listed' | 'skipped' | 'failed'
> & {
  bytesDone: number
  size: number
} {
  let objectsDone = 0
  let objectsTotal = 0
  let bytesDone = 0
  let size = 0
  let skipped = 0
  let failed = 0
  for (const s of sets) {
    const c = s.counts
    objectsDone += c.before + c.done
    objectsTotal += c.before + Math.max(c.listed, c.done)
    bytesDone += c.bytesDone
    size += Math.max(c.bytesListed, c.bytesDone)
    skipped += c.skipped
    failed += c.failed
  }
  const listed = sets.every((s) => s.status === 'done' || s.counts.complete)
  return { objectsDone, objectsTotal, listed, skipped, failed, bytesDone, size }
}

/** The running state of a row: what its verb is. */
export const runningState = (op: 'move' | 'copy'): TransferState => (op === 'move' ? 'moving' : 'copying')

/** The first object's failure, said for the whole set, in the window's words rather than the CLI's. */
export function setFailure(op: 'move' | 'copy', failed: number, first: FerryErrorValue): FerryErrorValue {
  const verb = op === 'move' ? 'moved' : 'copied'
  const again = 'press Resume (or do the same ' + op + ' again): what is done stays done.'
  return {
    code: first.code,
    message: `${plural(failed, 'object')} could not be ${verb}; the first: ${first.message}`,
    fix:
      first.code === 'destination-exists'
        ? `Rename, move or delete what is at the destination, then ${again}`
        : `${first.fix} Then ${again}`,
  }
}

/**
 * One object's failure as the window's notice says it: a destination that exists asks for the
 * CLI's --if-exists there, which the window has no field for.
 */
export function objectFailure(op: 'move' | 'copy', e: FerryErrorValue): FerryErrorValue {
  if (e.code !== 'destination-exists') return e
  return { ...e, fix: `Rename, move or delete what is at the destination, then do the same ${op} again.` }
}

/** What stopped a set (credentials, a missing bucket...), with how to go on from the panel. */
export function stoppedError(op: 'move' | 'copy', why: FerryErrorValue, done: number): FerryErrorValue {
  const verb = op === 'move' ? 'moved' : 'copied'
  return {
    ...why,
    message: `${why.message}; ${plural(done, 'object')} ${done === 1 ? 'was' : 'were'} ${verb}, the rest wait`,
    fix: `${why.fix} Then press Resume: what is done stays done.`,
  }
}

/** A new row, queued: what it moves, where to, nothing counted yet. */
export function newSetRow(
  id: string,
  request: { connectionId: string; op: 'move' | 'copy'; inputs: MoveSetInput[] },
  elsewhere: boolean,
  now = new Date().toISOString(),
): SetTransferSummary {
  const targets = request.inputs.map((input) => ({
    source: input.source,
    target: moveRequestOf(input).target,
  }))
  const first = targets[0]!
  const label = targets.length === 1 ? setWords(first, { elsewhere }) : requestWords(targets, elsewhere)
  return {
    id,
    direction: request.op,
    source: first.source.kind === 'prefix' ? first.source.prefix : first.source.key,
    bucket: first.target.bucket,
    key: first.target.key,
    connectionId: request.connectionId,
    size: 0,
    ...queuedCounters(now),
    set: { label, objectsDone: 0, objectsTotal: 0, listed: false, skipped: 0, failed: 0 },
  }
}

/** What the window's request is told when the person stopped its row in the panel. */
export function stopWords(op: 'move' | 'copy', how: 'paused' | 'cancelled'): FerryErrorValue {
  const verb = op === 'move' ? 'moved' : 'copied'
  return how === 'cancelled'
    ? {
        code: 'cancelled',
        message: `the ${op} was cancelled in the Transfers panel; what was ${verb} stays ${verb}`,
        fix: `Do the ${op} again to ${op} the rest.`,
      }
    : {
        code: 'paused',
        message: `the ${op} was paused; what was ${verb} stays ${verb}`,
        fix: 'Press Resume in the Transfers panel to finish it.',
      }
}

/** A cancel that could not finish (the store out of reach): its journal stays, marked. */
export function cancelFailed(op: 'move' | 'copy', error: FerryErrorValue): FerryErrorValue {
  return {
    ...error,
    message: `the ${op} could not be cancelled: ${error.message}`,
    fix: `${error.fix} Then press Cancel again; until then nothing resumes it by itself.`,
  }
}
