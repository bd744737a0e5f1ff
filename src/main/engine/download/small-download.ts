// A small object of a folder download, the short way: one direct GET whose own answer stands in
// for the HEAD (If-Match on the listing's ETag, its headers for the length, time and metadata),
// the MD5 computed as the bytes arrive and compared with the ETag before anything is written,
// then one write of the whole file under its temporary name, flushed, and renamed into place.
// No ranges, so no journal of ranges: a small file cut short is fetched whole again.
//
// The bytes are proven by the MD5 ETag, or, for an object whose ETag is no MD5 (SSE-KMS on
// AWS), by the full-object CRC the answer carries. Anything unusual (a file already at the
// target, a listed ETag that is not a plain MD5, any answer but a whole 200, bytes that
// neither proves) declines, and the caller downloads the object the
// long way (download.ts), which has the answer for each of those.
import { closeSync, fdatasync, futimesSync, open, writev, writevSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { promisify } from 'node:util'
import { dirname, resolve } from 'node:path'
import type { S3Client } from '@aws-sdk/client-s3'
import type { DownloadJob, DownloadOutcome } from '../../../shared/engine-protocol'
import { FerryError } from '../../../shared/errors'
import { objectMtime } from '../../../shared/mtime-meta'
import { MiB } from '../../../shared/s3-limits'
import type { Verification } from '../../../shared/domain/transfer'
import { directGetSmall, type GetAnswer } from '../../s3/direct-get'
import { checksumMethod } from '../../s3/full-object-checksum'
import { parseEtag } from '../../s3/etag-shape'
import { customerKeyHeaders } from '../../s3/customer-key'
import { stripQuotes } from '../../s3/head'
import { partialPathOf } from '../../journal/download-journal'
import { diskFilledError, isDiskFull } from './disk-space'
import { downloadLink } from '../bandwidth'
import { unwritten } from './fetch-range'
import { place, statOrUndefined } from './place-file'

/** Held whole in memory between the socket and one write: files at once x this at most. */
export const SMALL_DOWNLOAD_MAX_BYTES = 8 * MiB

/** The object as the listing described it; a job carrying it may take the short way. */
export interface ListedObject {
  etag: string
  size: number
}

/**
 * How the answer is proven: its MD5 ETag (radosgw, most stores), else the full-object CRC the
 * store keeps (an SSE-KMS or SSE-C object on AWS, whose ETag looks like an MD5 and is not).
 * Undefined when neither proves it: the long way says why.
 */
function smallVerdict(
  got: Extract<GetAnswer, { kind: 'body' }>,
  listedMd5: string,
): Verification | undefined {
  const answered = parseEtag(
    stripQuotes(got.headers.etag),
    got.headers['x-amz-server-side-encryption'] as string,
    got.headers['x-amz-server-side-encryption-customer-algorithm'] as string | undefined,
  )
  if (answered.kind === 'md5' && answered.md5 === listedMd5 && got.md5 === listedMd5)
    return { verified: true, method: 'md5', detail: `MD5 ${got.md5} equals the ETag` }
  if (
    (answered.kind === 'opaque' || answered.unsure !== undefined) &&
    stripQuotes(got.headers.etag).toLowerCase() === listedMd5 &&
    got.checksum?.matches
  ) {
    const { algorithm, value } = got.checksum.stored
    return {
      verified: true,
      method: checksumMethod(algorithm),
      detail: `the bytes' ${algorithm} ${value} equals the object's full-object checksum`,
    }
  }
  return undefined
}

// File descriptors and the callback calls rather than FileHandle: for a file of 64 KiB the
// promise API's objects and a thread-pool round trip per step cost more CPU than the bytes.
// Only the calls that may wait for the device go to the pool: the open (ext4 may scan its inode
// table for a free inode), the flush and the renames. The write of a small file into the page
// cache, its times and the close are done at once.
const openAsync = promisify(open)
const writevAsync = promisify(writev)
const fdatasyncAsync = promisify(fdatasync)

/** Up to this size a file is written in one synchronous call (a copy into the page cache). */
const WRITE_AT_ONCE_MAX_BYTES = MiB

async function openCreating(path: string): Promise<number> {
  try {
    return await openAsync(path, 'w')
  } catch (e) {
    // The folder is made only when missing: one call fewer for every other file in it.
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
    await mkdir(dirname(path), { recursive: true })
    return openAsync(path, 'w')
  }
}

/** Writes every chunk from offset 0, through short writes (rare on regular files). */
async function writeChunks(fd: number, chunks: Buffer[], size: number): Promise<void> {
  let pending = chunks
  let at = 0
  while (pending.length > 0) {
    const bytesWritten =
      size <= WRITE_AT_ONCE_MAX_BYTES
        ? writevSync(fd, pending, at)
        : (await writevAsync(fd, pending, at)).bytesWritten
    at += bytesWritten
    pending = unwritten(pending, bytesWritten)
  }
}

/** The object's time on the file; a file system that keeps no such time keeps the file all the same. */
function setTimes(fd: number, mtimeMs: number): void {
  try {
    futimesSync(fd, new Date(), new Date(mtimeMs))
  } catch {
    // As utimes after a rename did: the bytes are what was asked for.
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd)
  } catch {
    // Already closed, or the disk's error is the one reported.
  }
}

/** The outcome, or undefined when the object must go the long way. */
export async function downloadSmall(
  client: S3Client,
  job: DownloadJob,
  listed: ListedObject,
  signal: AbortSignal,
): Promise<DownloadOutcome | undefined> {
  const { bucket, key } = job
  const shape = parseEtag(listed.etag)
  if (shape.kind !== 'md5' || listed.size > SMALL_DOWNLOAD_MAX_BYTES) return undefined
  const target = resolve(job.target)
  const ifExists = job.ifExists ?? 'fail'
  // With 'fail', place() refuses a file that is there (link() does not replace), so no look first.
  if (ifExists !== 'fail' && (await statOrUndefined(target))) return undefined
  // Under a limit the object waits its turn on the engine's download link before its one GET
  // (the long way's HEAD and GET cost a small file twice the time); without one the take
  // passes at once. Should the GET decline, the long way counts the bytes again: rare, and it
  // errs on the slow side.
  await downloadLink.take(listed.size, job.maxBytesPerSecond, signal)
  const got = await directGetSmall(client, {
    bucket,
    key,
    etag: shape.md5,
    size: listed.size,
    signal,
    // An SSE-C object answers only with its key; a 400 for any other sends it the long way.
    ...(job.customerKey ? { headers: customerKeyHeaders(job.customerKey) } : {}),
  })
  if (got.kind === 'declined') return undefined
  const verification = smallVerdict(got, shape.md5)
  if (!verification) return undefined

  const lastModified = Date.parse(got.headers['last-modified'] ?? '')
  const mtime = objectMtime(
    { 'x-amz-meta-mtime': got.headers['x-amz-meta-mtime'] as string | undefined },
    Number.isFinite(lastModified) ? lastModified : undefined,
  )
  const partialPath = partialPathOf(target)
  let fd: number | undefined
  try {
    fd = await openCreating(partialPath)
    await writeChunks(fd, got.chunks, listed.size)
    // Set on the open file: the file has its time the moment it has its name.
    if (mtime) setTimes(fd, mtime.ms)
    // Durable before it gets the real name: a crash after the rename never leaves a hole-filled file.
    await fdatasyncAsync(fd)
    closeSync(fd)
    fd = undefined
    await place(partialPath, target, ifExists)
  } catch (e) {
    if (fd !== undefined) closeQuietly(fd)
    await rm(partialPath, { force: true })
    const dir = dirname(target)
    if (isDiskFull(e)) throw diskFilledError(dir, listed.size, partialPath, e)
    if (e instanceof FerryError) throw e
    throw new FerryError(
      {
        code: 'internal',
        message: `cannot write ${target} (${(e as Error).message})`,
        fix: 'Check the disk and the folder permissions, then run the command again.',
      },
      { cause: e },
    )
  }
  return {
    bucket,
    key,
    path: target,
    bytes: listed.size,
    etag: shape.md5,
    verification,
    partsTotal: 1,
    partsDownloaded: 1,
    partsReused: 0,
    skipped: false,
  }
}
