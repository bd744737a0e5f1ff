// Whether a server-side copy holds the source's bytes, from what the server says of both.
// A move deletes its source only after this says yes. The copy was made on condition that the
// source still had the ETag read first (copy-guard.ts), so an ETag equal to the source's, or
// one assembled from exactly the parts the server copied, proves it; where ETags cannot be
// compared (SSE-KMS and SSE-C make them random on AWS), equal sizes are what is left.
import { createHash } from 'node:crypto'
import { parseEtag } from '../../s3/etag-shape'
import { stripQuotes } from '../../s3/head'

export type CopyProof = { ok: true; how: string } | { ok: false; reason: string }

export interface CopySide {
  size?: number
  etag: string
  serverSideEncryption?: string
}

/** S3's multipart ETag of these parts: the MD5 of their MD5s, then "-N". */
export function compositeEtag(partEtags: string[]): string {
  const md5 = createHash('md5')
  for (const e of partEtags) md5.update(Buffer.from(stripQuotes(e), 'hex'))
  return `${md5.digest('hex')}-${partEtags.length}`
}

export function copyProof(
  source: CopySide & { size: number },
  copy: CopySide,
  partEtags?: string[],
): CopyProof {
  if (copy.size !== undefined && copy.size !== source.size)
    return { ok: false, reason: `the copy has ${copy.size} bytes and the source ${source.size}` }
  const from = stripQuotes(source.etag).toLowerCase()
  const to = stripQuotes(copy.etag).toLowerCase()
  if (to !== '' && to === from) return { ok: true, how: "its ETag equals the source's" }
  if (partEtags && to === compositeEtag(partEtags) && copy.size !== undefined)
    return { ok: true, how: `its ETag is that of the ${partEtags.length} parts copied from the source` }
  const opaque =
    parseEtag(from, source.serverSideEncryption).kind === 'opaque' ||
    parseEtag(to, copy.serverSideEncryption).kind === 'opaque'
  if (opaque && copy.size !== undefined)
    return { ok: true, how: 'its size equals the source’s (their ETags cannot be compared)' }
  return { ok: false, reason: `the copy's ETag ${to || '(none)'} differs from the source's ${from}` }
}
