// A tree download: the files of a plan (download-tree-plan.ts) fetched through the one
// scheduler's download queue, each as the engine fetches one object (ranges in parallel into a
// partial file beside the target, checked, renamed into place, If-Match on every GET), and the
// set journaled (download-set-journal.ts). The same request again continues an interrupted or
// partly failed set: files it already finished are not fetched again and do not trip
// --if-exists fail; a large object cut short resumes from its own ranges.
// Used by `ferry get`, `ferry resume --all`, sync's download direction and the app.
import type { CustomerKey } from '../../../shared/encryption'
import { statSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { DownloadIfExists, DownloadOutcome } from '../../../shared/engine-protocol'
import type { Verification } from '../../../shared/domain/transfer'
import { FerryError, toErrorValue, type FerryErrorValue } from '../../../shared/errors'
import {
  DownloadSetWriter,
  findContinuable,
  setHeldElsewhere,
  setIdentity,
  type SetHeader,
  type SetRequest,
  type SetSource,
  type SetView,
} from '../../journal/download-set-journal'
import { removeDownloadFiles } from '../../journal/download-journal'
import type { JournalConnection } from '../../journal/journal'
import type { ConnectionChoice } from './connection-resolution'
import type { PlannedFile, TreePlan } from './download-tree-plan'
import type { EngineDownload } from './engine-downloads'
import { newTransferId } from './transfer-ids'

export type { SetSource } from '../../journal/download-set-journal'

export interface TreeDownloadRequest extends ConnectionChoice {
  sources: SetSource[]
  /** The target folder (resolved in the plan). */
  target: string
  rules?: SetRequest['rules']
  ifExists?: DownloadIfExists
  partSize?: number
  concurrency?: number
  maxBytesPerSecond?: number
  /** The SSE-C key of the objects (given again on every run; the set's journal never holds it). */
  customerKey?: CustomerKey
}

type FileRef = Pick<PlannedFile, 'bucket' | 'key' | 'path' | 'size'>

export type TreeEvent =
  | { kind: 'rejected'; bucket: string; key: string; error: FerryErrorValue }
  | ({ kind: 'started' } & FileRef)
  /** partsReused: ranges an interrupted run of this file had fetched already. */
  | ({
      kind: 'done'
      verified: boolean
      verification: Verification['method']
      reason?: string
      partsReused: number
    } & FileRef)
  /** 'exists': --if-exists skip kept a file; 'earlier': an earlier run of this set wrote it. */
  | ({ kind: 'skipped'; reason: 'exists' | 'earlier' } & FileRef)
  | ({ kind: 'failed'; error: FerryErrorValue } & FileRef)
  | { kind: 'progress'; bytesDone: number; bytesTotal: number; filesDone: number; filesTotal: number }

export interface TreeSummary {
  setId: string
  /** Files written by this run, and their bytes. */
  files: number
  bytes: number
  /** Kept by --if-exists skip, or written by an earlier run of this set. */
  skipped: number
  failed: number
  rejected: number
  excluded: number
  /** Stopped (signal) or cut short by a full disk: the same request again continues. */
  interrupted: boolean
  /** Why the set stopped early, when it did. */
  stoppedBy?: FerryErrorValue
}

/** What the tree download needs of the scheduler (TransferManager provides it). */
export interface DownloadQueue {
  download(request: EngineDownload): Promise<DownloadOutcome>
  stopDownload(transferId: string): void
}

export interface TreeRunOptions {
  queue: DownloadQueue
  journalDir: string
  /** Where the set downloads from, as its journal records it (no secrets). */
  journalConnection: JournalConnection
  onEvent?: (event: TreeEvent) => void
  /** Aborting stops the set: running files pause (their partial files stay), the journal stays. */
  signal?: AbortSignal
  /** Files queued at once; the scheduler's own limit decides how many run (default 64). */
  window?: number
  /** The download side of a sync, whose plan chose the files: its set is continued by that sync alone. */
  sync?: boolean
}

export function setRequestOf(request: TreeDownloadRequest, plan: Pick<TreePlan, 'target'>): SetRequest {
  const tuning: SetRequest['tuning'] = {}
  if (request.partSize !== undefined) tuning.partSize = request.partSize
  if (request.concurrency !== undefined) tuning.concurrency = request.concurrency
  if (request.maxBytesPerSecond !== undefined) tuning.maxBytesPerSecond = request.maxBytesPerSecond
  return {
    sources: request.sources,
    target: plan.target,
    rules: request.rules ?? [],
    ifExists: request.ifExists ?? 'fail',
    tuning,
  }
}

/**
 * Whether an earlier run of the set left this file in place: finished (journaled), or started
 * and renamed into place just before a kill let it journal the finish (the rename comes only
 * after the bytes were verified, so a file at the final name with the object's size is whole).
 */
async function finishedEarlier(set: SetView | undefined, file: PlannedFile): Promise<boolean> {
  const done = set?.done.get(file.relative)
  if (done)
    return done.etag === file.etag && (await stat(file.path).catch(() => undefined))?.size === file.size
  const started = set?.started.get(file.relative)
  if (!started || started.existed || started.etag !== file.etag) return false
  const now = await stat(file.path).catch(() => undefined)
  return now?.isFile() === true && now.size === file.size
}

/**
 * Whether something is at the path. A synchronous look: a stat of a name in a folder just
 * listed takes microseconds, while a stat through the thread pool that finds nothing cost a
 * round trip and an error object for every file of a download into an empty folder.
 */
function isThere(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) !== undefined
  } catch {
    return false
  }
}

/** Failures after which no later file can succeed either: the set stops, resumable. */
const STOPS_THE_SET = new Set(['disk-full', 'invalid-credentials', 'credentials-expired'])

/** Runs a plan as one journaled set through the scheduler's download queue. */
export async function runTreeDownload(
  request: TreeDownloadRequest,
  plan: TreePlan,
  options: TreeRunOptions,
): Promise<TreeSummary> {
  const emit = options.onEvent ?? (() => {})
  const setRequest = setRequestOf(request, plan)
  const identity = setIdentity(options.journalConnection, setRequest)
  const earlier = await findContinuable(options.journalDir, identity)
  if (earlier && setHeldElsewhere(earlier))
    throw new FerryError({
      code: 'bad-input',
      message: `this download into ${plan.target} is running in another process (pid ${earlier.runs.at(-1)?.pid})`,
      fix: 'Wait for it to finish, or stop it first; ferry transfers shows it.',
    })
  const header: SetHeader = {
    v: 1,
    id: newTransferId(),
    identity,
    createdAt: new Date().toISOString(),
    connection: options.journalConnection,
    ...(options.sync ? { sync: true } : {}),
    ...setRequest,
  }
  const writer = await DownloadSetWriter.open(
    options.journalDir,
    earlier ? { continue: earlier } : { header },
  )
  const summary: TreeSummary = {
    setId: writer.id,
    files: 0,
    bytes: 0,
    skipped: 0,
    failed: 0,
    rejected: plan.rejected.length,
    excluded: plan.excluded.length,
    interrupted: false,
  }
  try {
    await writer.record({
      t: 'plan',
      at: new Date().toISOString(),
      files: plan.files.length,
      bytes: plan.bytes,
      rejected: plan.rejected.length,
    })
    for (const r of plan.rejected)
      emit({ kind: 'rejected', bucket: r.bucket, key: r.key, error: r.error.toValue() })

    const running = new Set<string>()
    let stop: FerryErrorValue | undefined
    const onAbort = () => {
      stop ??= {
        code: 'paused',
        message: 'the download was stopped',
        fix: 'Run the same command again to finish it.',
      }
      for (const id of running) options.queue.stopDownload(id)
    }
    options.signal?.addEventListener('abort', onAbort, { once: true })
    if (options.signal?.aborted) onAbort()

    let bytesDone = 0
    let filesDone = 0
    const progress = () =>
      emit({ kind: 'progress', bytesDone, bytesTotal: plan.bytes, filesDone, filesTotal: plan.files.length })
    const ref = (f: PlannedFile): FileRef => ({ bucket: f.bucket, key: f.key, path: f.path, size: f.size })

    const one = async (file: PlannedFile): Promise<void> => {
      if (await finishedEarlier(earlier, file)) {
        // Killed between the rename and the cleanup, the partial file (its hard link, when the
        // target was placed with link()) and the ranges' journal are left beside a whole file.
        await removeDownloadFiles(file.path)
        if (!earlier?.done.has(file.relative))
          await writer.record({ t: 'done', p: file.relative, e: file.etag, s: file.size }, true)
        summary.skipped++
        filesDone++
        bytesDone += file.size
        emit({ kind: 'skipped', reason: 'earlier', ...ref(file) })
        return
      }
      // A file this set wrote before the object changed is the set's to replace.
      const ours = earlier?.done.has(file.relative) || earlier?.started.get(file.relative)?.existed === false
      const ifExists = ours ? 'overwrite' : setRequest.ifExists
      // A file already there is not the set's, even if a kill leaves it looking finished.
      const existed = isThere(file.path)
      await writer.recordStart({
        t: 'start',
        p: file.relative,
        k: file.key,
        b: file.bucket,
        e: file.etag,
        s: file.size,
        ...(existed && !ours ? { x: true as const } : {}),
      })
      // Stopped while the start waited for its flush: the stop did not see this file, so it
      // must not begin (the next run finds it started and takes it the long way).
      if (stop) return
      const transferId = newTransferId()
      running.add(transferId)
      emit({ kind: 'started', ...ref(file) })
      let fileBytes = 0
      try {
        const outcome = await options.queue.download({
          transferId,
          ...(request.connectionId !== undefined ? { connectionId: request.connectionId } : {}),
          ...(request.connection !== undefined ? { connection: request.connection } : {}),
          job: {
            bucket: file.bucket,
            key: file.key,
            target: file.path,
            ifExists,
            ...setRequest.tuning,
            ...(request.customerKey ? { customerKey: request.customerKey } : {}),
            ...(file.versionId !== undefined ? { versionId: file.versionId } : {}),
            // A file an earlier run started may have ranges to resume: only the long way knows them.
            // An SSE-C object goes the long way too: its reads carry the key, the short GET does not;
            // and a version, which the short GET does not name.
            ...(earlier?.started.has(file.relative) || request.customerKey || file.versionId !== undefined
              ? {}
              : { listed: { etag: file.etag, size: file.size } }),
          },
          onProgress: (p) => {
            bytesDone += p.bytesDone - fileBytes
            fileBytes = p.bytesDone
            progress()
          },
          onVerifying: () => {},
        })
        bytesDone += outcome.bytes - fileBytes
        filesDone++
        if (outcome.skipped) {
          summary.skipped++
          emit({ kind: 'skipped', reason: 'exists', ...ref(file) })
        } else {
          // Not flushed: its start was on disk before the file was placed (recordStart), and a
          // file in place that the set started is the set's (finishedEarlier). The end record's
          // flush makes every done durable.
          await writer.record({ t: 'done', p: file.relative, e: outcome.etag || file.etag, s: outcome.bytes })
          summary.files++
          summary.bytes += outcome.bytes
          const v = outcome.verification
          emit({
            kind: 'done',
            verified: v.verified,
            verification: v.method,
            ...(v.verified ? {} : { reason: v.reason }),
            partsReused: outcome.partsReused,
            ...ref(file),
          })
        }
      } catch (e) {
        bytesDone -= fileBytes
        if (stop) return
        const error = toErrorValue(e)
        if (STOPS_THE_SET.has(error.code)) {
          stop = error
          onAbort()
          return
        }
        summary.failed++
        filesDone++
        await writer.record({ t: 'failed', p: file.relative, error })
        emit({ kind: 'failed', error, ...ref(file) })
      } finally {
        running.delete(transferId)
      }
    }

    // A window keeps the queue short for a prefix of a million keys; the scheduler decides how many run.
    const window = Math.max(1, options.window ?? 64)
    let next = 0
    const lane = async () => {
      while (!stop && next < plan.files.length) await one(plan.files[next++]!)
    }
    await Promise.all(Array.from({ length: Math.min(window, plan.files.length) }, lane))
    options.signal?.removeEventListener('abort', onAbort)
    progress()

    if (stop) {
      summary.interrupted = true
      summary.stoppedBy = stop
    } else {
      await writer.record(
        { t: 'end', at: new Date().toISOString(), status: summary.failed > 0 ? 'failed' : 'done' },
        true,
      )
    }
    return summary
  } finally {
    await writer.close()
  }
}

/** The error a set cut short ends with: its reason, and that the same request finishes it. */
export function interruptedError(summary: TreeSummary): FerryError {
  const why = summary.stoppedBy
  return new FerryError({
    code: why?.code ?? 'paused',
    message: `${why?.message ?? 'the download was stopped'}; ${summary.files} files were written, the rest wait`,
    fix: `${why && why.code !== 'paused' ? `${why.fix} ` : ''}Then run the same command again (or ferry resume --all): finished files are kept, large files resume where they stopped.`,
  })
}
