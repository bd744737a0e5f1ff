// The upload side of a sync: the planned files go through the scheduler as one upload (queued
// journals first, small files batched), each to its own key. A file whose earlier upload to
// the same key was cut short (kill -9, a crash, Ctrl-C) is resumed from its journal, so no
// part is sent twice and no second multipart upload is opened beside the first.
import type { TransferSummary } from '../../../shared/domain/transfer'
import type { PlannedFile } from './expand-paths'
import type { SyncJob } from './sync'
import type { LocalFile } from './sync-listing'
import type { TransferManager, TransferResult } from './transfer-manager'

export type UploadScheduler = Pick<
  TransferManager,
  | 'upload'
  | 'resume'
  | 'cancel'
  | 'waitFor'
  | 'pause'
  | 'list'
  | 'resumable'
  | 'journalConnection'
  | 'untilReleased'
>

/** How long a re-run waits for a killed run's engine to let go of its journals. */
const RELEASE_WAIT_MS = 15_000

const UNFINISHED = (s: TransferSummary) => s.state !== 'done' && s.state !== 'cancelled'

/**
 * Journals of earlier runs for these files (same file, bucket, key and endpoint, not finished):
 * the newest of each key is resumed when the file still has its size, the others cancelled
 * (their multipart uploads aborted).
 */
async function earlierUploads(
  manager: UploadScheduler,
  job: SyncJob,
  byKey: Map<string, LocalFile>,
): Promise<{ resume: Map<string, LocalFile>; cancel: string[] }> {
  const { bucket, connection } = job.request
  const sameEndpoint = (id: string): boolean => {
    try {
      return manager.journalConnection(id).endpoint === connection.endpoint
    } catch {
      return false
    }
  }
  const candidates = (await manager.list()).filter(
    (s) =>
      s.direction === 'upload' &&
      s.bucket === bucket &&
      byKey.get(s.key)?.path === s.source &&
      UNFINISHED(s) &&
      sameEndpoint(s.id),
  )
  if (candidates.length === 0) return { resume: new Map(), cancel: [] }
  // A killed run's engine pauses its files before it exits; until then they are its own.
  await Promise.all(candidates.map((s) => manager.untilReleased(s.id, RELEASE_WAIT_MS)))
  const resumable = new Set(await manager.resumable())
  const newestFirst = candidates
    .filter((s) => resumable.has(s.id))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  const resume = new Map<string, LocalFile>()
  const cancel: string[] = []
  const taken = new Set<string>()
  for (const s of newestFirst) {
    const file = byKey.get(s.key)!
    if (!taken.has(s.key) && s.size === file.size) {
      taken.add(s.key)
      resume.set(s.id, file)
    } else cancel.push(s.id)
  }
  return { resume, cancel }
}

export interface UploadRun {
  /** Every transfer id with its file, resumed or new. */
  ids: Map<string, LocalFile>
  /** The ids continued from an earlier run's journal. */
  resumed: Set<string>
}

/** Starts the planned uploads; the caller waits for each (waitFor) and may pause them. */
export async function startUploads(manager: UploadScheduler, job: SyncJob): Promise<UploadRun> {
  const { request } = job
  const files = job.plan.transfers.map((t) => job.local[t.path]!)
  const byKey = new Map(files.map((f) => [request.prefix + f.relative, f]))
  const earlier = await earlierUploads(manager, job, byKey)
  for (const id of earlier.cancel) {
    manager.cancel(id, { connection: request.connection })
    await manager.waitFor(id).catch(() => undefined)
  }
  const ids = new Map<string, LocalFile>()
  const resumedPaths = new Set<string>()
  for (const [id, file] of earlier.resume) {
    manager.resume(id, {
      connection: request.connection,
      ...(request.customerKey ? { customerKey: request.customerKey } : {}),
    })
    ids.set(id, file)
    resumedPaths.add(file.path)
  }
  const fresh: PlannedFile[] = files
    .filter((f) => !resumedPaths.has(f.path))
    .map((f) => ({ source: f.path, key: request.prefix + f.relative, size: f.size, mtimeMs: f.mtimeMs }))
  if (fresh.length > 0) {
    const started = await manager.upload({
      connection: request.connection,
      ...(request.connectionId !== undefined ? { connectionId: request.connectionId } : {}),
      bucket: request.bucket,
      paths: [],
      files: fresh,
      // The plan decided the object is to be replaced.
      ifExists: 'overwrite',
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.customerKey ? { customerKey: request.customerKey } : {}),
      ...(request.partSize !== undefined ? { partSize: request.partSize } : {}),
      ...(request.concurrency !== undefined ? { concurrency: request.concurrency } : {}),
      ...(request.maxBytesPerSecond !== undefined ? { maxBytesPerSecond: request.maxBytesPerSecond } : {}),
    })
    const bySource = new Map(files.map((f) => [f.path, f]))
    for (const s of started) ids.set(s.id, bySource.get(s.source)!)
  }
  return { ids, resumed: new Set(earlier.resume.keys()) }
}

export type { TransferResult }
