// Downloads: parallel ranged GETs into TARGET.ferry-partial (positional writes), a sidecar
// journal of finished ranges so an interrupted download resumes, the ETag recomputed from
// the bytes as they are written (or read back from disk where ranges and parts do not
// line up, and for ranges kept from an earlier run), and a rename into place only when all
// of that succeeded. The target
// is never a partly written or unverified file.
import { mkdir, open, rm, utimes, type FileHandle } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { S3Client } from '@aws-sdk/client-s3'
import type { Verification } from '../../../shared/domain/transfer'
import type {
  DownloadJob,
  DownloadNote,
  DownloadOutcome,
  DownloadProgress,
} from '../../../shared/engine-protocol'
import { badInput, FerryError } from '../../../shared/errors'
import { validateConcurrency, validatePartSize } from '../../../shared/part-plan'
import { DEFAULT_CONCURRENCY } from '../../../shared/s3-limits'
import { formatBytes } from '../../../shared/sizes'
import { objectMtime } from '../../../shared/mtime-meta'
import { headObject, type ObjectHead } from '../../s3/head'
import { runPool } from '../../s3/pool'
import { toFerryError } from '../../s3/s3-errors'
import { archivedError } from '../../s3/bucket-object-errors'
import { diskFilledError, diskFullError, ensureFreeSpace, isDiskFull } from './disk-space'
import { EtagHasher } from '../../s3/etag-hasher'
import { candidatePartSizes, parseEtag } from '../../s3/etag-shape'
import { firstPartSize, judge, type Verdict } from './download-verdict'
import { checksumVerdict, storedChecksumFor } from './checksum-verdict'
import { destinationExists, place, statOrUndefined } from './place-file'
import { fetchRange } from './fetch-range'
import { HashFollower } from './hash-follower'
import { alignedRangeSize, RangeHashes } from './range-hashes'
import {
  DownloadJournal,
  journalPathOf,
  partialPathOf,
  readJournal,
  removeDownloadFiles,
  type JournalHeader,
} from '../../journal/download-journal'
import { planRanges, rangesOf, type RangePlan } from './range-plan'
import { downloadLink } from '../bandwidth'

export type { DownloadJob, DownloadOutcome, DownloadProgress } from '../../../shared/engine-protocol'

export type DownloadEvent = DownloadNote | { kind: 'verifying' }

export interface DownloadHooks {
  /** Aborting pauses: the partial file and the journal stay, and the next run resumes. */
  signal?: AbortSignal
  /** About ten times a second, and once at the end. */
  onProgress?: (progress: DownloadProgress) => void
  onEvent?: (event: DownloadEvent) => void
}

const PROGRESS_INTERVAL_MS = 100

const sameVersion = (header: JournalHeader, head: ObjectHead) =>
  header.bucket === head.bucket &&
  header.key === head.key &&
  header.etag === head.etag &&
  header.size === head.size

export async function downloadObject(
  client: S3Client,
  job: DownloadJob,
  hooks: DownloadHooks = {},
): Promise<DownloadOutcome> {
  const concurrency = job.concurrency ?? DEFAULT_CONCURRENCY
  validateConcurrency(concurrency)
  if (job.partSize !== undefined) validatePartSize(job.partSize)
  if (job.maxBytesPerSecond !== undefined && !(job.maxBytesPerSecond >= 1)) {
    throw badInput(
      `a rate of ${job.maxBytesPerSecond} bytes per second is too low`,
      'Give a rate of at least 1 byte per second, e.g. --max-rate 10MiB.',
    )
  }
  const { bucket, key } = job
  const ifExists = job.ifExists ?? 'fail'
  const target = resolve(job.target)
  const dir = dirname(target)
  const partialPath = partialPathOf(target)
  const journalPath = journalPathOf(target)

  const existing = await statOrUndefined(target)
  if (existing?.isDirectory())
    throw badInput(
      `${target} is a folder`,
      "Name the file to create inside it, or pass the folder to ferry get, which uses the key's name.",
    )
  if (existing && ifExists === 'fail') throw destinationExists(target)
  if (existing && ifExists === 'skip') {
    return {
      bucket,
      key,
      path: target,
      bytes: existing.size,
      etag: '',
      verification: { verified: false, method: 'none', reason: 'skipped: the file already exists' },
      partsTotal: 0,
      partsDownloaded: 0,
      partsReused: 0,
      skipped: true,
    }
  }

  const { versionId } = job
  const head = await headObject(client, bucket, key, {
    versionId,
    ...(hooks.signal ? { abortSignal: hooks.signal } : {}),
    customerKey: job.customerKey,
  })
  // An archived object's GET is refused (InvalidObjectState): say so before creating any file.
  if (head.archive && head.archive.kind !== 'restored') throw archivedError({ bucket, key }, head.archive)
  try {
    await mkdir(dir, { recursive: true })
  } catch (e) {
    throw badInput(
      `cannot create the folder ${dir} (${(e as Error).message})`,
      'Choose a file in a folder you can write to.',
    )
  }

  const shape = parseEtag(head.etag, head.serverSideEncryption, head.sseCustomerAlgorithm)
  const exactPartSize =
    shape.kind === 'multipart' && shape.parts > 1
      ? await firstPartSize(client, head, shape.parts, hooks.signal, job.customerKey)
      : undefined
  const partSizes =
    shape.kind === 'multipart'
      ? candidatePartSizes(
          head.size,
          shape.parts,
          exactPartSize !== undefined ? { firstPartSize: exactPartSize } : {},
        )
      : []

  // Resume only the same version of the object into a partial file of the right size.
  const journal = await readJournal(journalPath)
  const partial = await statOrUndefined(partialPath)
  let plan: RangePlan
  let done = new Set<number>()
  let restarted: string | undefined
  const resuming = journal !== undefined && sameVersion(journal.header, head) && partial?.size === head.size
  if (resuming) {
    plan = rangesOf(head.size, journal!.header.rangeSize)
    const starts = new Set(plan.ranges.map((r) => r.start))
    done = new Set([...journal!.done].filter((s) => starts.has(s)))
  } else {
    if (journal && !sameVersion(journal.header, head)) {
      restarted = `s3://${bucket}/${key} changed since the interrupted download (ETag ${journal.header.etag}, now ${head.etag})`
    } else if (journal || partial) {
      restarted = 'the partial file of the interrupted download was incomplete'
    }
    if (restarted) hooks.onEvent?.({ kind: 'restarted', reason: restarted })
    await removeDownloadFiles(target)
    // Ranges on the object's part boundaries can each hash their own parts (range-hashes.ts).
    const partSize = shape.kind === 'multipart' && shape.parts > 1 ? partSizes[0] : undefined
    plan = planRanges(head.size, alignedRangeSize(job.partSize, partSize))
  }
  const bytesReused = plan.ranges.filter((r) => done.has(r.start)).reduce((n, r) => n + r.end - r.start, 0)
  if (done.size > 0) hooks.onEvent?.({ kind: 'resumed', partsReused: done.size, bytesReused })
  await ensureFreeSpace(dir, head.size - bytesReused)

  let file: FileHandle | undefined
  let log: DownloadJournal
  try {
    if (resuming) {
      file = await open(partialPath, 'r+')
      log = await DownloadJournal.append(journalPath)
    } else {
      // Read back by the hash follower, hence w+.
      file = await open(partialPath, 'w+')
      await file.truncate(head.size)
      log = await DownloadJournal.create(journalPath, {
        v: 1,
        bucket,
        key,
        etag: head.etag,
        size: head.size,
        lastModified: head.lastModified,
        rangeSize: plan.rangeSize,
      })
    }
  } catch (e) {
    await file?.close().catch(() => undefined)
    if (isDiskFull(e)) {
      await removeDownloadFiles(target)
      throw diskFilledError(dir, head.size, partialPath, e)
    }
    throw badInput(
      `cannot write ${partialPath} (${(e as Error).message})`,
      'Choose a file in a folder you can write to.',
    )
  }

  // Only the likeliest part size is hashed while downloading; the others cost a second
  // read of the file, paid only when the first guess is wrong. Ranges aligned to its parts
  // hash their bytes as they arrive; otherwise the follower reads the file back behind them.
  const rangeHashes = RangeHashes.of(shape, plan, partSizes[0])
  const kept = plan.ranges.filter((r) => done.has(r.start))
  const keptHashed = rangeHashes?.hashKept(file, kept).then(
    () => undefined,
    (e: unknown) => e,
  )
  const streamHasher =
    shape.kind === 'opaque' || rangeHashes ? undefined : new EtagHasher(shape, partSizes.slice(0, 1))
  const follower = streamHasher ? new HashFollower(file, plan.ranges, streamHasher) : undefined
  for (const r of kept) follower?.finish(r.index)

  const progress: DownloadProgress = {
    bytesDone: bytesReused,
    size: head.size,
    partsDone: done.size,
    partsTotal: plan.ranges.length,
    partsReused: done.size,
  }
  let lastEmit = 0
  const emit = (force = false) => {
    const now = performance.now()
    if (!force && now - lastEmit < PROGRESS_INTERVAL_MS) return
    lastEmit = now
    hooks.onProgress?.({ ...progress })
  }

  // One controller for all ranges: the first failure (or a pause) stops the others at once.
  const paused = Symbol('paused')
  const inner = new AbortController()
  const onPause = () => inner.abort(paused)
  if (hooks.signal?.aborted) onPause()
  hooks.signal?.addEventListener('abort', onPause, { once: true })
  // The engine's one download limit, shared with every other download it runs; this object's
  // ranges take one turn among the files there, not one each. They take even without a limit
  // of the job's own (the take then passes at once): one set in the app meanwhile applies.
  const rate = job.maxBytesPerSecond
  const flow = {}
  const limiter = { take: (n: number, s: AbortSignal) => downloadLink.take(n, rate, s, flow) }
  const pending = plan.ranges.filter((r) => !done.has(r.start))
  // Finished ranges survive a pause; the bytes of ranges in flight are fetched again.
  let bytesKept = bytesReused

  try {
    await runPool(pending, concurrency, async (range) => {
      try {
        if (inner.signal.aborted) throw inner.signal.reason
        await fetchRange(
          {
            client,
            bucket,
            key,
            etag: head.etag,
            size: head.size,
            versionId,
            file,
            dir,
            signal: inner.signal,
            limiter,
            customerKey: job.customerKey,
            hash: rangeHashes?.of(range),
            onBytes: (n) => {
              progress.bytesDone += n
              emit()
            },
          },
          range,
        )
        await log.markDone(range.start, range.end).catch((e: unknown) => {
          throw isDiskFull(e) ? diskFullError(dir, 4096, e) : e
        })
      } catch (e) {
        if (!inner.signal.aborted) inner.abort(e)
        throw e
      }
      progress.partsDone++
      bytesKept += range.end - range.start
      follower?.finish(range.index)
    })
  } catch (e) {
    hooks.signal?.removeEventListener('abort', onPause)
    await log.close().catch(() => undefined)
    await file.close().catch(() => undefined)
    if (e === paused || inner.signal.reason === paused) {
      throw new FerryError({
        code: 'paused',
        message: `the download of s3://${bucket}/${key} stopped; ${formatBytes(bytesKept)} of ${formatBytes(head.size)} are kept in ${partialPath}`,
        fix: 'Run the same command again to resume it.',
      })
    }
    const error = toFerryError(e, { bucket, key })
    // A partial file of an older version is of no use to anyone.
    if (error.code === 'source-changed') await removeDownloadFiles(target)
    if (error.code === 'disk-full') {
      await removeDownloadFiles(target)
      throw diskFilledError(dir, head.size, partialPath, error)
    }
    throw error
  }
  hooks.signal?.removeEventListener('abort', onPause)
  emit(true)

  let verdict: Verdict | undefined
  try {
    hooks.onEvent?.({ kind: 'verifying' })
    await log.close()
    await follower?.done()
    const keptFailure = await keptHashed
    if (keptFailure) throw keptFailure
    const hasher = rangeHashes ? rangeHashes.hasher(shape) : streamHasher
    if (hasher) verdict = await judge(hasher, file, head.size, shape, partSizes, exactPartSize !== undefined)
    // No MD5 ETag, or one the bytes do not reproduce (R2's multipart ETags look like MD5s of
    // part MD5s and are not): the store's full-object checksum decides, where it keeps one.
    if (!verdict || verdict.mismatch) {
      const checksum = await storedChecksumFor(client, bucket, key, head.etag, {
        signal: hooks.signal,
        customerKey: job.customerKey,
      })
      if (checksum) verdict = await checksumVerdict(file, head.size, checksum)
    }
    // Durable before it gets the real name: a crash after the rename never leaves a hole-filled file.
    await file.sync()
  } catch (e) {
    // Delayed allocation can report a full disk only when the bytes are flushed.
    if (!isDiskFull(e)) throw e
    await file.close().catch(() => undefined)
    await removeDownloadFiles(target)
    throw diskFilledError(dir, head.size, partialPath, e)
  } finally {
    await file.close().catch(() => undefined)
  }
  if (verdict?.mismatch && verdict.definite) {
    await removeDownloadFiles(target)
    throw new FerryError({
      code: 'integrity',
      message: `the downloaded bytes of s3://${bucket}/${key} do not match the object: ${(verdict.verification as { reason: string }).reason}`,
      fix: 'Run the command again; the download starts over. If this repeats, something between Ferry and the store alters the bytes.',
    })
  }
  const verification: Verification = verdict?.verification ?? {
    verified: false,
    method: 'size',
    reason: shape.kind === 'opaque' ? shape.reason : 'no ETag to check',
  }

  await place(partialPath, target, ifExists)
  // The file's own time when the uploader kept it (x-amz-meta-mtime, as rclone and Cyberduck
  // write it), else the object's, as aws-cli does: sync tools then see the two as equal.
  const mtime = objectMtime(head.metadata, Date.parse(head.lastModified))
  if (mtime) await utimes(target, new Date(), new Date(mtime.ms)).catch(() => undefined)
  await rm(journalPath, { force: true })

  const outcome: DownloadOutcome = {
    bucket,
    key,
    path: target,
    bytes: head.size,
    etag: head.etag,
    verification,
    partsTotal: plan.ranges.length,
    partsDownloaded: pending.length,
    partsReused: done.size,
    skipped: false,
  }
  if (restarted) outcome.restarted = restarted
  return outcome
}
