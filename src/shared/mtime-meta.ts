// A file's modification time kept with its object, as user metadata `mtime` (x-amz-meta-mtime),
// the name rclone and Cyberduck share, so that a sync can tell an unchanged file from a changed
// one and a download can give the file back its own time rather than the upload's.
// Forms in use:
// - rclone writes seconds since the epoch with nine decimals, "1733500000.123456789";
// - Cyberduck writes whole seconds, "1733500000", and reads a value of 12 digits or more as
//   milliseconds ("1733500000123"), which some tools write
//   (iterate-ch/cyberduck S3TimestampFeature.normalizeToMilliseconds).
// Ferry writes rclone's form and reads all three.

import { metadataBytes } from './metadata'
import { MAX_USER_METADATA_BYTES } from './s3-limits'

/** The user metadata name (sent as x-amz-meta-mtime). */
export const MTIME_METADATA = 'mtime'

/** Latest time a file can carry: 9999-12-31T23:59:59.999Z, past which a value is not a date. */
const MAX_MS = 253_402_300_799_999

const NS_PER_MS = 1_000_000n
const NS_PER_S = 1_000_000_000n

/**
 * Seconds with nine decimals. Milliseconds from fs.stat carry a fraction (microseconds on most
 * file systems); BigInt keeps the integer part exact, since ms x 1e6 is past 2^53.
 */
export function encodeMtime(mtimeMs: number): string {
  if (!Number.isFinite(mtimeMs) || mtimeMs < 0 || mtimeMs > MAX_MS) {
    throw new RangeError(`${mtimeMs} is not a file time in milliseconds`)
  }
  const wholeMs = Math.floor(mtimeMs)
  let ns = BigInt(wholeMs) * NS_PER_MS + BigInt(Math.round((mtimeMs - wholeMs) * 1e6))
  if (ns < 0n) ns = 0n
  const seconds = ns / NS_PER_S
  const fraction = (ns % NS_PER_S).toString().padStart(9, '0')
  return `${seconds}.${fraction}`
}

/** Milliseconds since the epoch from any of the forms above, or undefined for anything else. */
export function decodeMtime(value: string): number | undefined {
  const text = value.trim()
  const match = /^(\d{1,16})(?:\.(\d{1,9}))?$/.exec(text)
  if (!match) return undefined
  const [, whole = '', fraction] = match
  let ms: number
  if (fraction === undefined && whole.length >= 12) ms = Number(whole)
  else ms = Number(whole) * 1000 + (fraction === undefined ? 0 : Number(fraction.padEnd(9, '0')) / 1e6)
  return Number.isFinite(ms) && ms <= MAX_MS ? ms : undefined
}

/** The user metadata that carries a file's mtime, to merge into an upload's metadata. */
export const mtimeMetadata = (mtimeMs: number): Record<string, string> => ({
  [MTIME_METADATA]: encodeMtime(mtimeMs),
})

/**
 * An upload's metadata with the file's mtime added, unless the person set `mtime` themselves
 * (in any case: S3 lowercases metadata names), whose value then stands.
 */
export function withFileMtime(
  metadata: Readonly<Record<string, string>> | undefined,
  mtimeMs: number,
): Record<string, string> {
  if (Object.keys(metadata ?? {}).some((name) => name.toLowerCase() === MTIME_METADATA))
    return { ...metadata }
  // A file dated before 1970 (or past 9999) keeps no time rather than failing its upload.
  if (!Number.isFinite(mtimeMs) || mtimeMs < 0 || mtimeMs > MAX_MS) return { ...metadata }
  const withTime = { ...metadata, ...mtimeMetadata(mtimeMs) }
  // The time is Ferry's addition, not the person's: when it alone would push their metadata past
  // S3's limit, the object goes without it (a sync then compares by upload time), and metadata
  // that is over the limit by itself is reported with the person's own byte count.
  if (metadataBytes(withTime) > MAX_USER_METADATA_BYTES) return { ...metadata }
  return withTime
}

export interface ObjectMtime {
  ms: number
  /** 'metadata': the file's own time; 'last-modified': when the object was written to the store. */
  from: 'metadata' | 'last-modified'
}

/**
 * The time to give a downloaded file, and the time a sync compares for an object: its
 * x-amz-meta-mtime when present and valid, else Last-Modified. `metadata` is either the SDK's
 * Metadata map (names without the x-amz-meta- prefix) or raw response headers; names are
 * matched without regard to case. Undefined when neither is known (then leave the file's time
 * as the write left it).
 */
export function objectMtime(
  metadata: Readonly<Record<string, string | undefined>> | undefined,
  lastModified: Date | number | undefined,
): ObjectMtime | undefined {
  for (const [name, value] of Object.entries(metadata ?? {})) {
    const n = name.toLowerCase()
    if (value === undefined || (n !== MTIME_METADATA && n !== `x-amz-meta-${MTIME_METADATA}`)) continue
    const ms = decodeMtime(value)
    if (ms !== undefined) return { ms, from: 'metadata' }
  }
  if (lastModified === undefined) return undefined
  const ms = typeof lastModified === 'number' ? lastModified : lastModified.getTime()
  return Number.isFinite(ms) ? { ms, from: 'last-modified' } : undefined
}
