// A streamed source: a URL whose bytes Ferry reads once, in parts, straight into a multipart
// upload. Each scheme answers the same few questions: how large, whether it serves ranges,
// what identifies this version of it, and the bytes from an offset.
import type { OfferedDigest } from '../../../shared/source-digest'

/** What tells one version of a source from the next: compared on resume and on every range. */
export interface SourceIdentity {
  size?: number
  etag?: string
  lastModified?: string
}

export interface SourceInfo extends SourceIdentity {
  /** The source serves byte ranges: parts are fetched in parallel, and a resume fetches only what is missing. */
  ranges: boolean
  /** Digests of the whole representation the source offers (headers), MD5 first. */
  offered: OfferedDigest[]
}

export interface SourceBody {
  chunks: AsyncIterable<Buffer>
  /** Stops the transfer early (the reader has what it asked for, or gave up). */
  close(): void
}

export interface StreamSource {
  /** The URL without its password, for messages. */
  readonly display: string
  probe(signal: AbortSignal): Promise<SourceInfo>
  /**
   * The bytes from `start` (up to `end`, exclusive, where the scheme can bound a transfer;
   * otherwise to the end). With `expect`, a different version of the source fails with
   * 'source-changed' instead of delivering its bytes (HTTP If-Range, FTP SIZE and MDTM).
   */
  open(
    from: { start: number; end?: number },
    expect: SourceIdentity | undefined,
    signal: AbortSignal,
  ): Promise<SourceBody>
  /** Releases kept-alive connections. */
  close(): void
}

/** Same version: every validator both sides have agrees, and at least one was there to compare. */
export function sameIdentity(a: SourceIdentity, b: SourceIdentity): boolean {
  if (a.size !== undefined && b.size !== undefined && a.size !== b.size) return false
  let compared = 0
  if (a.etag !== undefined && b.etag !== undefined) {
    if (a.etag !== b.etag) return false
    compared++
  }
  if (a.lastModified !== undefined && b.lastModified !== undefined) {
    if (a.lastModified !== b.lastModified) return false
    compared++
  }
  return compared > 0
}

/** A source with no ETag and no Last-Modified cannot prove on resume that it is unchanged. */
export const hasValidator = (id: SourceIdentity): boolean =>
  id.etag !== undefined || id.lastModified !== undefined

export const describeIdentity = (id: SourceIdentity): string =>
  [
    id.size !== undefined ? `${id.size} bytes` : 'size unknown',
    id.etag !== undefined ? `ETag ${id.etag}` : '',
    id.lastModified !== undefined ? `modified ${id.lastModified}` : '',
  ]
    .filter(Boolean)
    .join(', ')
