// The download side of a sync: the planned objects run as one tree download (download-tree.ts)
// through the scheduler's download queue: each fetched as `ferry get` fetches one (ranges in
// parallel into a partial file beside the target, checked against the ETag, renamed into place,
// given the object's own time), the set journaled, so the same sync again continues it.
import { join } from 'node:path'
import type { FerryErrorValue } from '../../../shared/errors'
import { journalConnection } from '../../journal/journal'
import { runTreeDownload, type DownloadQueue, type TreeSummary } from './download-tree'
import type { PlannedFile, TreePlan } from './download-tree-plan'
import type { SyncJob } from './sync'
import type { RemoteObject } from './sync-listing'

export interface DownloadScheduler extends DownloadQueue {
  readonly journalDir: string
}

export type DownloadResult =
  | { path: string; object: RemoteObject; bytes: number; verified: boolean; earlier: boolean }
  | { path: string; object: RemoteObject; error: FerryErrorValue }

export async function runDownloads(
  manager: DownloadScheduler,
  job: SyncJob,
  onResult: (result: DownloadResult) => void,
  signal?: AbortSignal,
): Promise<TreeSummary> {
  const { request } = job
  const byKey = new Map<string, { path: string; object: RemoteObject }>()
  const files: PlannedFile[] = job.plan.transfers.map((t) => {
    const object = job.remote[t.path]!
    byKey.set(object.key, { path: t.path, object })
    return {
      bucket: request.bucket,
      key: object.key,
      size: object.size,
      etag: object.etag,
      ...(Number.isFinite(object.lastModified) ? { lastModified: new Date(object.lastModified) } : {}),
      relative: t.path,
      path: join(request.folder, ...t.path.split('/')),
    }
  })
  const plan: TreePlan = {
    target: request.folder,
    files,
    rejected: [],
    excluded: [],
    folderMarkers: [],
    bytes: files.reduce((n, f) => n + f.size, 0),
  }
  return runTreeDownload(
    {
      connection: request.connection,
      ...(request.connectionId !== undefined ? { connectionId: request.connectionId } : {}),
      sources: [{ kind: 'prefix', bucket: request.bucket, prefix: request.prefix }],
      target: request.folder,
      rules: request.rules,
      // The plan decided each file is to be replaced.
      ifExists: 'overwrite',
      ...(request.customerKey ? { customerKey: request.customerKey } : {}),
      ...(request.partSize !== undefined ? { partSize: request.partSize } : {}),
      ...(request.concurrency !== undefined ? { concurrency: request.concurrency } : {}),
      ...(request.maxBytesPerSecond !== undefined ? { maxBytesPerSecond: request.maxBytesPerSecond } : {}),
    },
    plan,
    {
      queue: manager,
      journalDir: manager.journalDir,
      journalConnection: journalConnection(request.connection, request.connectionId),
      sync: true,
      ...(signal ? { signal } : {}),
      onEvent: (event) => {
        if (event.kind !== 'done' && event.kind !== 'skipped' && event.kind !== 'failed') return
        const file = byKey.get(event.key)
        if (!file) return
        if (event.kind === 'failed') onResult({ ...file, error: event.error })
        else
          onResult({
            ...file,
            // A file an earlier run of this sync wrote before it was cut short moved no byte now.
            bytes: event.kind === 'skipped' && event.reason === 'earlier' ? 0 : event.size,
            verified: event.kind === 'done' ? event.verified : true,
            earlier: event.kind === 'skipped',
          })
      },
    },
  )
}
