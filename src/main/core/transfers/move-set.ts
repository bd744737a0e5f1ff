// A journaled move or copy of one object or of every key under a prefix (move-journal.ts):
// `ferry mv`, `ferry cp` of a prefix or to another connection, a folder renamed or rows moved
// in the app. Objects run many at once through the one pool; each is copied (server-side, or
// streamed through Ferry to another connection), proven, journaled, and only then deleted at
// its source (move-object.ts). The same request again continues an interrupted set.
import type { S3Client } from '@aws-sdk/client-s3'
import type { IfExists } from '../../../shared/domain/transfer'
import { FerryError, toErrorValue, type FerryErrorValue } from '../../../shared/errors'
import { planTarget, targetKey, type MoveSource } from '../../../shared/move-plan'
import { OBJECT_KEY_FIX, objectKeyProblem } from '../../../shared/object-key'
import type { S3Location } from '../../../shared/s3-url'
import { clearCancelPending } from '../../journal/cancel-marks'
import type { JournalConnection } from '../../journal/journal'
import {
  findUnfinishedMove,
  moveHeldElsewhere,
  moveIdentity,
  MoveWriter,
  type MoveHeader,
  type MoveRequest,
  type MoveView,
} from '../../journal/move-journal'
import { headObject, objectExists } from '../../s3/head'
import { runPool } from '../../s3/pool'
import { copyObject } from '../objects/copy'
import { listKeys, listObjectsPage } from '../objects/list'
import { stepObject, type Listed, type ObjectCopier } from './move-object'
import { cancelOpenStreams, closeCopiesLeftOpen, copiesLeftOpen } from './open-copies'
import { DEFAULT_MAX_ACTIVE_FILES } from './run-queue'
import { newTransferId } from './transfer-ids'
import { setsRunningHere } from './sets-running-here'

export type { ObjectCopier } from './move-object'

export interface MoveSetInput {
  op: 'move' | 'copy'
  source: MoveSource
  destination: S3Location
  ifExists?: IfExists
  tuning?: MoveRequest['tuning']
}

export type MoveEvent =
  | { kind: 'done'; source: S3Location; target: S3Location; size: number; how: string; earlier: boolean }
  | { kind: 'skipped'; source: S3Location; target: S3Location; reason: 'exists' | 'earlier' }
  | { kind: 'failed'; source: S3Location; target: S3Location; error: FerryErrorValue }
  | { kind: 'progress'; objectsDone: number; bytesDone: number }
  /**
   * The set's journal is open: `setId` names it (ferry resume, ferry cancel), `movedBefore`
   * counts the objects an earlier run moved, which this run no longer lists.
   */
  | { kind: 'opened'; setId: string; movedBefore: number }
  /** What the listing found so far (this run's objects); `complete` once it found them all. */
  | { kind: 'listed'; objects: number; bytes: number; complete: boolean }

export interface MoveSummary {
  setId: string
  objects: number
  bytes: number
  skipped: number
  failed: number
  /** Stopped (signal) or by an error no later object can get past: the same request continues it. */
  interrupted: boolean
  stoppedBy?: FerryErrorValue
}

export interface MoveRunOptions {
  from: S3Client
  /** The destination's client when it is another connection; else `from`. */
  to?: S3Client
  /** Server-side by default; a stream through Ferry for another connection. */
  copier: ObjectCopier
  journalDir: string
  connection: JournalConnection
  toConnection?: JournalConnection
  /**
   * Cancels a stream to another connection that an earlier run left unsettled (open-copies.ts
   * `cancelStream`); without it such streams stay named in the journal for `ferry cancel`.
   */
  cancelStream?: (transferId: string) => Promise<void>
  /** Objects at once (default as the scheduler's files at once). */
  transfers?: number
  signal?: AbortSignal
  onEvent?: (event: MoveEvent) => void
}

/** Failures after which no later object can succeed either: the set stops, resumable. */
const STOPS_THE_SET = new Set(['invalid-credentials', 'credentials-expired', 'bucket-missing', 'disk-full'])

class Stop extends Error {
  constructor(readonly error: FerryErrorValue) {
    super(error.message)
  }
}

/** The copier of a set within one store: server-side, proven by the server's answers. */
export function serverSideCopier(
  client: S3Client,
  tuning: MoveRequest['tuning'] = {},
  signal?: AbortSignal,
): ObjectCopier {
  return async (source, ifMatch, target, log) => {
    const done = await copyObject(client, source, target, {
      ...tuning,
      ifMatch,
      takesNoKey: true,
      ...(signal ? { signal } : {}),
      ...(log ? { uploads: log } : {}),
    })
    return { etag: done.etag, proof: done.proof }
  }
}

export function moveRequestOf(input: MoveSetInput): MoveRequest {
  return {
    op: input.op,
    source: input.source,
    target: planTarget(input.source, input.destination),
    ifExists: input.ifExists ?? 'fail',
    tuning: input.tuning ?? {},
  }
}

const objectMissing = (e: unknown) => e instanceof FerryError && e.code === 'object-missing'

/**
 * Checks the source before anything is journaled (a missing object or bucket, an empty
 * prefix, a folder named without its "/") and returns what to act on, streamed. A continued
 * set whose source is gone or empty moved everything already.
 */
async function sourceObjects(
  client: S3Client,
  source: MoveSource,
  continued: boolean,
  options: Pick<MoveRunOptions, 'signal' | 'onEvent'>,
): Promise<AsyncIterable<Listed> | Listed[]> {
  const { signal, onEvent } = options
  if (source.kind === 'object') {
    try {
      const head = await headObject(client, source.bucket, source.key, { takesNoKey: true })
      onEvent?.({ kind: 'listed', objects: 1, bytes: head.size, complete: true })
      return [{ key: head.key, etag: head.etag, size: head.size }]
    } catch (e) {
      if (!objectMissing(e)) throw e
      if (continued) {
        onEvent?.({ kind: 'listed', objects: 0, bytes: 0, complete: true })
        return []
      }
      const folder = await listObjectsPage(client, {
        bucket: source.bucket,
        prefix: `${source.key}/`,
        maxKeys: 1,
      })
      if (folder.entries.length === 0) throw e
      throw new FerryError({
        code: 'bad-input',
        message: `s3://${source.bucket}/${source.key} is a folder, not an object`,
        fix: `End it with "/" to act on the whole folder: s3://${source.bucket}/${source.key}/`,
      })
    }
  }
  const first = await listObjectsPage(client, {
    bucket: source.bucket,
    prefix: source.prefix,
    delimiter: '',
    maxKeys: 1,
  })
  if (first.entries.length === 0 && !continued)
    throw new FerryError({
      code: 'object-missing',
      message: `there are no objects under s3://${source.bucket}/${source.prefix}`,
      fix: 'Check the prefix (ferry ls shows what is there).',
    })
  let listed = { objects: 0, bytes: 0 }
  return listKeys(client, source.bucket, source.prefix, {
    ...(signal ? { signal } : {}),
    ...(onEvent
      ? {
          onPage: (page: { objects: number; bytes: number; last: boolean }) => {
            listed = { objects: listed.objects + page.objects, bytes: listed.bytes + page.bytes }
            onEvent({ kind: 'listed', ...listed, complete: page.last })
          },
        }
      : {}),
  })
}

/**
 * Objects an earlier run of a move moved, which this run no longer lists: those journaled
 * moved, and those journaled copied whose source is gone (a kill between the delete and its
 * record; at most one per object in flight, each looked up).
 */
async function movedBefore(
  client: S3Client,
  request: MoveRequest,
  earlier: MoveView | undefined,
): Promise<number> {
  if (!earlier || request.op !== 'move') return 0
  let gone = 0
  for (const key of earlier.unmoved) {
    const found = await objectExists(client, request.source.bucket, key).catch(() => undefined)
    if (found && !found.exists) gone++
  }
  return earlier.moved + gone
}

/** Two runs of one set would race on every object and on the journal (sets-running-here.ts). */
const runningHere = setsRunningHere

export async function runMoveSet(input: MoveSetInput, options: MoveRunOptions): Promise<MoveSummary> {
  const request = moveRequestOf(input)
  const identity = moveIdentity(options.connection, options.toConnection, request)
  if (runningHere.has(identity)) {
    const verb = request.op === 'move' ? 'move' : 'copy'
    throw new FerryError({
      code: 'bad-input',
      message: `this ${verb} is already running in Ferry (finishing one that was cut short, or asked for twice)`,
      fix: `Wait for it to finish; the ${verb} that runs does all of it.`,
    })
  }
  runningHere.add(identity)
  try {
    return await runOnce(request, identity, options)
  } finally {
    runningHere.delete(identity)
  }
}

async function runOnce(
  request: MoveRequest,
  identity: string,
  options: MoveRunOptions,
): Promise<MoveSummary> {
  const emit = options.onEvent ?? (() => {})
  const earlier = await findUnfinishedMove(options.journalDir, identity)
  const verb = request.op === 'move' ? 'move' : 'copy'
  if (earlier && moveHeldElsewhere(earlier))
    throw new FerryError({
      code: 'bad-input',
      message: `this ${verb} is running in another process (pid ${earlier.runs.at(-1)?.pid})`,
      fix: 'Wait for it to finish, or stop it first.',
    })
  const header: MoveHeader = {
    v: 1,
    id: newTransferId(),
    identity,
    createdAt: new Date().toISOString(),
    connection: options.connection,
    ...(options.toConnection ? { to: options.toConnection } : {}),
    ...request,
  }
  const objects = await sourceObjects(options.from, request.source, earlier !== undefined, options)
  const writer = await MoveWriter.open(options.journalDir, earlier ? { continue: earlier } : { header })
  if (options.onEvent)
    emit({ kind: 'opened', setId: writer.id, movedBefore: await movedBefore(options.from, request, earlier) })
  const to = options.to ?? options.from
  const closeOpenCopies = () => closeCopiesLeftOpen(to, writer, (r) => writer.record(r), writer.id)
  try {
    // What a killed run left open goes before anything is copied again.
    await closeOpenCopies()
    if (options.cancelStream)
      await cancelOpenStreams(
        writer.openStreams.keys(),
        options.cancelStream,
        (id) => writer.record({ t: 'stream-settled', id }),
        writer.id,
      )
    // Cancelled, then asked for again: the person changed their mind.
    clearCancelPending(options.journalDir, writer.id)
  } catch (e) {
    await writer.close()
    throw e
  }
  const summary: MoveSummary = {
    setId: writer.id,
    objects: 0,
    bytes: 0,
    skipped: 0,
    failed: 0,
    interrupted: false,
  }
  const step = {
    op: request.op,
    bucket: request.source.bucket,
    from: options.from,
    to,
    copier: options.copier,
    ifExists: request.ifExists,
    earlier,
    record: writer.record.bind(writer),
  }
  let bytesDone = 0
  const one = async (obj: Listed): Promise<void> => {
    if (options.signal?.aborted)
      throw new Stop({
        code: 'paused',
        message: `the ${verb} was stopped`,
        fix: 'Run the same command again to finish it.',
      })
    const source = { bucket: request.source.bucket, key: obj.key }
    const target = { bucket: request.target.bucket, key: targetKey(request.source, request.target, obj.key) }
    try {
      const problem = objectKeyProblem(target.key)
      if (problem)
        throw new FerryError({
          code: 'bad-input',
          message: `${problem}: s3://${target.bucket}/${target.key}`,
          fix: OBJECT_KEY_FIX,
        })
      const result = await stepObject(step, obj, target)
      if (result.kind === 'skipped') {
        summary.skipped++
        if (result.reason === 'exists') await writer.record({ t: 'skipped', k: obj.key })
        emit({ kind: 'skipped', source, target, reason: result.reason })
      } else {
        summary.objects++
        summary.bytes += obj.size
        emit({ kind: 'done', source, target, size: obj.size, how: result.how, earlier: result.earlier })
      }
      bytesDone += obj.size
      emit({ kind: 'progress', objectsDone: summary.objects + summary.skipped, bytesDone })
    } catch (e) {
      const error = toErrorValue(e)
      if (STOPS_THE_SET.has(error.code) || options.signal?.aborted) throw new Stop(error)
      summary.failed++
      await writer.record({ t: 'failed', k: obj.key, error })
      emit({ kind: 'failed', source, target, error })
    }
  }

  try {
    await runPool(objects, options.transfers ?? DEFAULT_MAX_ACTIVE_FILES, one)
  } catch (e) {
    summary.interrupted = true
    summary.stoppedBy = e instanceof Stop ? e.error : toErrorValue(e)
  }
  // A copy whose abort failed mid-run (the store out of reach) is tried once more: the set is
  // not done while an upload of its own is open.
  if (!summary.interrupted && copiesLeftOpen(writer))
    await closeOpenCopies().catch((e: unknown) => {
      summary.interrupted = true
      summary.stoppedBy = toErrorValue(e)
    })
  try {
    // A run that stops lets go of the set, so that another process may take it up while this
    // one lives on (the app, after a pause). A stop asked for is no failure; an error that
    // stopped the set is kept for whoever looks at the set before it runs again.
    if (summary.interrupted) {
      const why = summary.stoppedBy
      const error = why && why.code !== 'paused' && !options.signal?.aborted ? { error: why } : {}
      await writer.record({ t: 'stopped', at: new Date().toISOString(), ...error }).catch(() => undefined)
    }
    if (!summary.interrupted)
      await writer.record(
        { t: 'end', at: new Date().toISOString(), status: summary.failed > 0 ? 'failed' : 'done' },
        true,
      )
  } finally {
    await writer.close()
  }
  return summary
}

/** The error a set cut short ends with: its reason, and that the same request finishes it. */
export function interruptedMoveError(summary: MoveSummary, op: 'move' | 'copy'): FerryError {
  const why = summary.stoppedBy
  return new FerryError({
    code: why?.code ?? 'paused',
    message: `${why?.message ?? `the ${op} was stopped`}; ${summary.objects} objects were ${op === 'move' ? 'moved' : 'copied'}, the rest wait`,
    fix: `${why && why.code !== 'paused' ? `${why.fix} ` : ''}Then run the same command again (or ferry resume --all): what is done stays done.`,
  })
}
