// MD5 is what S3 checks a part against (Content-MD5) and what its ETags are made of: a
// single PUT's ETag is the object's MD5, a multipart ETag is the MD5 of the concatenated
// binary part MD5s followed by "-" and the part count (not documented by AWS, but stable
// and implemented alike by radosgw and MinIO).
import { createHash } from 'node:crypto'

export const md5 = (bytes: Uint8Array): Buffer => createHash('md5').update(bytes).digest()

export const EMPTY_MD5 = md5(new Uint8Array(0))

/** The multipart ETag S3 gives an object completed from parts with these MD5s, in part order. */
export function multipartEtag(partMd5s: readonly Uint8Array[]): string {
  const hash = createHash('md5')
  for (const digest of partMd5s) hash.update(digest)
  return `${hash.digest('hex')}-${partMd5s.length}`
}

/** ETags arrive quoted and sometimes upper-cased; compare them bare. */
export const normalizeEtag = (etag: string | undefined): string =>
  (etag ?? '').replaceAll('"', '').trim().toLowerCase()

export type EtagShape =
  | { kind: 'md5'; hex: string }
  | { kind: 'multipart'; hex: string; partCount: number }
  /** SSE-KMS, SSE-C and some stores produce ETags that are not MD5s: nothing to compare. */
  | { kind: 'opaque' }

export function etagShape(etag: string | undefined): EtagShape {
  const bare = normalizeEtag(etag)
  const single = /^[0-9a-f]{32}$/.exec(bare)
  if (single) return { kind: 'md5', hex: bare }
  const multi = /^([0-9a-f]{32})-(\d{1,5})$/.exec(bare)
  if (multi) return { kind: 'multipart', hex: multi[1]!, partCount: Number(multi[2]) }
  return { kind: 'opaque' }
}
