// Runs a sync plan (sync.ts): the transfers through the one scheduler, then the deletions.
// Deletions come last and only after every transfer succeeded, as rclone's default
// --delete-after does: a sync cut short or with failures never deletes, so a file can not be
// deleted at the destination while its replacement failed to arrive.
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { S3Client } from '@aws-sdk/client-s3'
import type { FerryErrorValue } from '../../../shared/errors'
import type { SyncJob } from './sync'
import { runDeletions } from './sync-deletes'
import { runDownloads, type DownloadScheduler } from './sync-downloads'
import { ObjectTimes } from './sync-object-times'
import { startUploads, type UploadScheduler } from './sync-uploads'

export type SyncEvent =
  | {
      kind: 'transferred'
      direction: 'upload' | 'download'
      path: string
      key: string
      bytes: number
      verified: boolean
      /** Continued from an earlier run's journal. */
      resumed: boolean
    }
  /** A transfer that failed, or a file or key refused before it (key is then unknown). */
  | { kind: 'failed'; path: string; key?: string; error: FerryErrorValue }
  | { kind: 'deleted'; path: string }
  | { kind: 'not-deleted'; path: string; error: FerryErrorValue }
  /** Deletions not made because a transfer failed or the run was stopped. */
  | { kind: 'deletions-held'; count: number; reason: string }

export interface SyncSummary {
  uploaded: number
  downloaded: number
  skipped: number
  deleted: number
  failed: number
  /** Bytes moved by this run. */
  bytes: number
  /** Stopped by the signal: the same sync again continues. */
  interrupted: boolean
}

export interface SyncRunDeps {
  manager: UploadScheduler & DownloadScheduler
  client: S3Client
}

export interface SyncHooks {
  onEvent?: (event: SyncEvent) => void
  /** Aborting pauses what runs (journals and partial files stay) and deletes nothing. */
  signal?: AbortSignal
}

async function uploadAll(
  job: SyncJob,
  deps: SyncRunDeps,
  hooks: SyncHooks,
  summary: SyncSummary,
  times: ObjectTimes | undefined,
) {
  const emit = hooks.onEvent ?? (() => {})
  const { ids, resumed } = await startUploads(deps.manager, job)
  const pauseAll = () => {
    for (const id of ids.keys()) deps.manager.pause(id)
  }
  hooks.signal?.addEventListener('abort', pauseAll, { once: true })
  if (hooks.signal?.aborted) pauseAll()
  try {
    await Promise.all(
      [...ids].map(async ([id, file]) => {
        const result = await deps.manager.waitFor(id)
        const s = result.summary
        const key = job.request.prefix + file.relative
        if (s.state === 'done') {
          // A resumed file's stored time is its journal's, which this run did not choose.
          if (!resumed.has(id) && s.etag) times?.set(key, s.etag, file.mtimeMs)
          summary.uploaded++
          summary.bytes += s.size
          emit({
            kind: 'transferred',
            direction: 'upload',
            path: file.relative,
            key,
            bytes: s.size,
            verified: s.verification?.verified === true,
            resumed: resumed.has(id),
          })
        } else if (s.state === 'paused' && hooks.signal?.aborted) {
          summary.interrupted = true
        } else {
          summary.failed++
          emit({
            kind: 'failed',
            path: file.relative,
            key,
            error: s.error ?? {
              code: 'paused',
              message: `the upload of ${file.path} stopped (${s.state})`,
              fix: 'Run the same sync again to finish it.',
            },
          })
        }
      }),
    )
  } finally {
    hooks.signal?.removeEventListener('abort', pauseAll)
  }
}

async function downloadAll(
  job: SyncJob,
  deps: SyncRunDeps,
  hooks: SyncHooks,
  summary: SyncSummary,
  times: ObjectTimes | undefined,
) {
  const emit = hooks.onEvent ?? (() => {})
  const written: { key: string; etag: string; path: string }[] = []
  const tree = await runDownloads(
    deps.manager,
    job,
    (r) => {
      if (!('error' in r))
        written.push({
          key: r.object.key,
          etag: r.object.etag,
          path: join(job.request.folder, ...r.path.split('/')),
        })
      if ('error' in r) {
        summary.failed++
        emit({ kind: 'failed', path: r.path, key: r.object.key, error: r.error })
        return
      }
      summary.downloaded++
      summary.bytes += r.bytes
      emit({
        kind: 'transferred',
        direction: 'download',
        path: r.path,
        key: r.object.key,
        bytes: r.bytes,
        verified: r.verified,
        resumed: r.earlier,
      })
    },
    hooks.signal,
  )
  // The time each file was given is the one that means "this version" at the next sync.
  for (const w of written) {
    const mtimeMs = (await stat(w.path).catch(() => undefined))?.mtimeMs
    if (mtimeMs !== undefined) times?.set(w.key, w.etag, mtimeMs)
  }
  if (!tree.interrupted) return
  summary.interrupted = true
  // Stopped by a failure no later file could escape (a full disk, expired credentials).
  const why = tree.stoppedBy
  if (why && why.code !== 'paused') {
    summary.failed++
    emit({ kind: 'failed', path: job.request.folder, error: why })
  }
}

/** Moves what the plan lists, then deletes what it lists; resolves with the counts. */
export async function runSync(job: SyncJob, deps: SyncRunDeps, hooks: SyncHooks = {}): Promise<SyncSummary> {
  const emit = hooks.onEvent ?? (() => {})
  const summary: SyncSummary = {
    uploaded: 0,
    downloaded: 0,
    skipped: job.plan.skipped.length,
    deleted: 0,
    failed: 0,
    bytes: 0,
    interrupted: false,
  }
  for (const r of job.refused) {
    summary.failed++
    emit({ kind: 'failed', path: r.name, error: r.error })
  }
  if (job.plan.transfers.length > 0) {
    const place = {
      endpoint: job.request.connection.endpoint,
      bucket: job.request.bucket,
      prefix: job.request.prefix,
    }
    const times = job.timesPath === undefined ? undefined : await ObjectTimes.open(job.timesPath, place)
    if (job.request.direction === 'upload') await uploadAll(job, deps, hooks, summary, times)
    else await downloadAll(job, deps, hooks, summary, times)
    await times?.save()
  }
  if (hooks.signal?.aborted) summary.interrupted = true
  const deletions = job.plan.deletions.length
  if (deletions === 0) return summary
  if (summary.interrupted || summary.failed > 0) {
    emit({
      kind: 'deletions-held',
      count: deletions,
      reason: summary.interrupted
        ? 'the sync was stopped before every file was copied'
        : `${summary.failed} file${summary.failed === 1 ? '' : 's'} could not be copied`,
    })
    return summary
  }
  await runDeletions(
    job,
    deps.client,
    (r) => {
      if (r.error) {
        summary.failed++
        emit({ kind: 'not-deleted', path: r.path, error: r.error })
      } else {
        summary.deleted++
        emit({ kind: 'deleted', path: r.path })
      }
    },
    hooks.signal,
  )
  return summary
}
