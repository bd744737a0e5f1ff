// The download side of a sync: each planned object fetched by the engine as `ferry get` fetches
// one (ranges in parallel into a partial file beside the target, checked against the ETag,
// renamed into place, the file given the object's time), through the scheduler's queue. A
// download cut short keeps its partial file and journal: the same sync again resumes it.
import { join } from 'node:path'
import type { DownloadOutcome } from '../../../shared/engine-protocol'
import { toErrorValue, type FerryErrorValue } from '../../../shared/errors'
import { runPool } from '../../s3/pool'
import type { SyncJob } from './sync'
import type { RemoteObject } from './sync-listing'
import type { TransferManager } from './transfer-manager'
import { newTransferId } from './transfer-ids'

export type DownloadScheduler = Pick<TransferManager, 'download' | 'stopDownload'>

/** Downloads handed to the scheduler at once; its own limit decides how many run. */
const WINDOW = 64

export type DownloadResult =
  | { path: string; object: RemoteObject; outcome: DownloadOutcome }
  | { path: string; object: RemoteObject; error: FerryErrorValue }

export async function runDownloads(
  manager: DownloadScheduler,
  job: SyncJob,
  onResult: (result: DownloadResult) => void,
  signal?: AbortSignal,
): Promise<void> {
  const { request } = job
  const running = new Set<string>()
  const stopAll = () => {
    for (const id of running) manager.stopDownload(id)
  }
  signal?.addEventListener('abort', stopAll, { once: true })
  try {
    await runPool(job.plan.transfers, WINDOW, async (t) => {
      if (signal?.aborted) return
      const object = job.remote[t.path]!
      const transferId = newTransferId()
      running.add(transferId)
      try {
        const outcome = await manager.download({
          transferId,
          connection: request.connection,
          ...(request.connectionId !== undefined ? { connectionId: request.connectionId } : {}),
          job: {
            bucket: request.bucket,
            key: object.key,
            target: join(request.folder, ...t.path.split('/')),
            // The plan decided the file is to be replaced.
            ifExists: 'overwrite',
            ...(request.partSize !== undefined ? { partSize: request.partSize } : {}),
            ...(request.concurrency !== undefined ? { concurrency: request.concurrency } : {}),
          },
          onProgress: () => {},
          onVerifying: () => {},
        })
        onResult({ path: t.path, object, outcome })
      } catch (e) {
        onResult({ path: t.path, object, error: toErrorValue(e) })
      } finally {
        running.delete(transferId)
      }
    })
  } finally {
    signal?.removeEventListener('abort', stopAll)
  }
}
