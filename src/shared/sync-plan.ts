// What a sync moves: a pure comparison of two listings (a local folder's files and a prefix's
// objects, each by path relative to its root), decided as rclone and aws s3 sync decide.
//
// By default a file is transferred when the destination lacks it or differs in size or
// modification time. Times are equal within one second: x-amz-meta-mtime may hold whole
// seconds (Cyberduck, s3cmd-style tools) or milliseconds, and some file systems keep less than
// the source had, so a finer comparison would move unchanged files forever. This is rclone's
// --modify-window of 1s. A file is transferred whichever side is newer: a sync makes the
// destination equal to the source, it does not merge.
//
// An object with no x-amz-meta-mtime has only its Last-Modified, the time it was written to the
// store, which is later than the file's own time for an unchanged upload. As the destination of
// an upload (entry.mtimeIsUploadTime) it is current unless the file changed after it was
// written, as aws s3 sync decides. As the source of a download it is compared both ways, since
// Ferry gives a downloaded file that same Last-Modified as its time (mtime-meta.ts). A caller
// that knows an object's x-amz-meta-mtime passes it and leaves the flag unset.
//
// With compare 'checksum' equal sizes are then compared by content: an MD5 (a local file's, or
// a single-PUT ETag) or a multipart ETag reproduced with the part size the object was uploaded
// with. When the two digests cannot be compared (an SSE-KMS ETag, a multipart ETag whose part
// size is not known) the pair falls back to size and time, and the plan says so.
import { FerryError } from './errors'

export type ContentDigest =
  /** The MD5 of the whole bytes: a local file's, or the ETag of an object sent in one PUT. */
  | { kind: 'md5'; hex: string }
  /** A multipart ETag ("hex-N"), with the part size it was made with when that is known. */
  | { kind: 'multipart'; etag: string; partSize?: number }
  /** An ETag no local computation can match (SSE-KMS, SSE-C, a store's own scheme). */
  | { kind: 'opaque'; reason: string }

export interface SyncEntry {
  /** Relative to the root of its side, with / between names. */
  path: string
  size: number
  mtimeMs: number
  /** The destination object's Last-Modified stands in for its file's time (see above). */
  mtimeIsUploadTime?: boolean
  digest?: ContentDigest
}

export interface SyncOptions {
  direction: 'upload' | 'download'
  compare: 'size-mtime' | 'checksum'
  /** Delete what the source lacks from the destination. Never without it. */
  delete: boolean
  /** Refuse a plan that would delete more files than this. */
  maxDelete?: number
}

export type TransferReason = 'missing' | 'size' | 'newer' | 'older' | 'content'

export interface PlannedTransfer {
  path: string
  /** The source's size: the bytes this transfer moves. */
  size: number
  reason: TransferReason
  /** One line for --dry-run and the app's plan. */
  detail: string
  /** Set when checksum was asked for but could not decide: why size and time did. */
  fallback?: string
}

export interface PlannedSkip {
  path: string
  size: number
  detail: string
  fallback?: string
}

export interface PlannedDeletion {
  path: string
  size: number
}

export interface Tally {
  files: number
  bytes: number
}

export interface SyncPlan {
  direction: SyncOptions['direction']
  /** Each list is sorted by path. */
  transfers: PlannedTransfer[]
  skipped: PlannedSkip[]
  deletions: PlannedDeletion[]
  totals: { upload: Tally; download: Tally; skipped: Tally; delete: Tally }
}

/** Times closer than this are the same time. */
export const MTIME_WINDOW_MS = 1000

type DigestVerdict =
  { kind: 'same'; how: string } | { kind: 'differs'; how: string } | { kind: 'unknown'; why: string }

const bareEtag = (etag: string): string => etag.replaceAll('"', '').trim().toLowerCase()

/** Whether two digests prove the bytes equal, prove them different, or cannot tell. */
export function compareDigests(source?: ContentDigest, destination?: ContentDigest): DigestVerdict {
  if (!source || !destination) {
    return { kind: 'unknown', why: `the ${source ? 'destination' : 'source'} has no checksum` }
  }
  if (source.kind === 'opaque') return { kind: 'unknown', why: source.reason }
  if (destination.kind === 'opaque') return { kind: 'unknown', why: destination.reason }
  if (source.kind === 'md5' && destination.kind === 'md5') {
    const same = source.hex.toLowerCase() === destination.hex.toLowerCase()
    return { kind: same ? 'same' : 'differs', how: 'MD5' }
  }
  if (source.kind === 'multipart' && destination.kind === 'multipart') {
    if (bareEtag(source.etag) === bareEtag(destination.etag)) return { kind: 'same', how: 'multipart ETag' }
    // Another part size gives another ETag for the same bytes: only equal known sizes prove a change.
    if (source.partSize !== undefined && source.partSize === destination.partSize) {
      return { kind: 'differs', how: 'multipart ETag' }
    }
    return { kind: 'unknown', why: 'the part size behind the multipart ETag is not known' }
  }
  return {
    kind: 'unknown',
    why: 'one side has a multipart ETag and the other a plain MD5; the part size is needed to compare them',
  }
}

const iso = (ms: number): string => new Date(ms).toISOString()

type Decision =
  | { transfer: true; reason: TransferReason; detail: string; fallback?: string }
  | { transfer: false; detail: string; fallback?: string }

function decide(source: SyncEntry, destination: SyncEntry, options: SyncOptions): Decision {
  if (source.size !== destination.size) {
    return {
      transfer: true,
      reason: 'size',
      detail: `size differs: ${source.size} bytes at the source, ${destination.size} at the destination`,
    }
  }
  let fallback: string | undefined
  if (options.compare === 'checksum') {
    const verdict = compareDigests(source.digest, destination.digest)
    if (verdict.kind === 'same') return { transfer: false, detail: `same size and ${verdict.how}` }
    if (verdict.kind === 'differs') {
      return {
        transfer: true,
        reason: 'content',
        detail: `content differs: the ${verdict.how}s do not match`,
      }
    }
    fallback = `checksum not comparable (${verdict.why}), so size and time decided`
  }
  const withFallback = <T extends Decision>(d: T): T => (fallback === undefined ? d : { ...d, fallback })
  const delta = source.mtimeMs - destination.mtimeMs
  const times = `${iso(source.mtimeMs)} at the source, ${iso(destination.mtimeMs)} at the destination`
  if (destination.mtimeIsUploadTime) {
    if (delta >= MTIME_WINDOW_MS) {
      return withFallback({
        transfer: true,
        reason: 'newer',
        detail: `changed since it was stored: ${times}`,
      })
    }
    return withFallback({ transfer: false, detail: 'same size, not changed since it was stored' })
  }
  if (Math.abs(delta) < MTIME_WINDOW_MS)
    return withFallback({ transfer: false, detail: 'same size and time' })
  return withFallback({
    transfer: true,
    reason: delta > 0 ? 'newer' : 'older',
    detail: `the source is ${delta > 0 ? 'newer' : 'older'}: ${times}`,
  })
}

const byPath = (a: { path: string }, b: { path: string }): number =>
  a.path < b.path ? -1 : a.path > b.path ? 1 : 0

function indexByPath(entries: readonly SyncEntry[], side: string): Map<string, SyncEntry> {
  const map = new Map<string, SyncEntry>()
  for (const entry of entries) {
    if (map.has(entry.path)) {
      throw new FerryError({
        code: 'internal',
        message: `the ${side} listing holds "${entry.path}" twice`,
        fix: 'This is a bug in Ferry; please report it with the command that led here.',
      })
    }
    map.set(entry.path, entry)
  }
  return map
}

const tally = (items: readonly { size: number }[]): Tally => ({
  files: items.length,
  bytes: items.reduce((sum, item) => sum + item.size, 0),
})

/**
 * The plan for making the destination hold what the source holds. Pure and deterministic;
 * throws a 'delete-limit' FerryError when it would delete more than options.maxDelete.
 */
export function planSync(
  source: readonly SyncEntry[],
  destination: readonly SyncEntry[],
  options: SyncOptions,
): SyncPlan {
  const sources = indexByPath(source, 'source')
  const destinations = indexByPath(destination, 'destination')
  const transfers: PlannedTransfer[] = []
  const skipped: PlannedSkip[] = []
  for (const entry of [...sources.values()].sort(byPath)) {
    const other = destinations.get(entry.path)
    if (!other) {
      transfers.push({
        path: entry.path,
        size: entry.size,
        reason: 'missing',
        detail: 'not at the destination',
      })
      continue
    }
    const decision = decide(entry, other, options)
    const { path, size } = entry
    const extra = decision.fallback === undefined ? {} : { fallback: decision.fallback }
    if (decision.transfer)
      transfers.push({ path, size, reason: decision.reason, detail: decision.detail, ...extra })
    else skipped.push({ path, size, detail: decision.detail, ...extra })
  }
  const deletions: PlannedDeletion[] = options.delete
    ? [...destinations.values()]
        .filter((entry) => !sources.has(entry.path))
        .map(({ path, size }) => ({ path, size }))
        .sort(byPath)
    : []
  if (options.maxDelete !== undefined && deletions.length > options.maxDelete) {
    throw new FerryError({
      code: 'delete-limit',
      message: `the sync would delete ${deletions.length} files at the destination, more than --max-delete ${options.maxDelete} allows; nothing was changed`,
      fix:
        `Check the source and destination are the ones you meant (--dry-run lists each deletion), then ` +
        `raise the limit with --max-delete ${deletions.length}, or drop --delete to copy without deleting.`,
      detail: String(deletions.length),
    })
  }
  const moved = tally(transfers)
  const none = (): Tally => ({ files: 0, bytes: 0 })
  return {
    direction: options.direction,
    transfers,
    skipped,
    deletions,
    totals: {
      upload: options.direction === 'upload' ? moved : none(),
      download: options.direction === 'download' ? moved : none(),
      skipped: tally(skipped),
      delete: tally(deletions),
    },
  }
}
