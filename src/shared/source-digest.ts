// Digests a source may offer for its bytes, from response headers (Content-MD5, RFC 3230
// Digest, RFC 9530 Repr-Digest) or from an .md5 file. Pure: no Node, so it is unit-tested
// and usable anywhere. Content-Digest is left out: it covers the encoded content of one
// response, not the representation Ferry stores.

export type DigestAlgorithm = 'md5' | 'sha-256'

export interface OfferedDigest {
  algorithm: DigestAlgorithm
  /** Lower-case hex. */
  hex: string
  /** Where it came from, for the outcome: 'Content-MD5 header', '--source-md5'... */
  from: string
}

const LENGTHS: Record<DigestAlgorithm, number> = { md5: 16, 'sha-256': 32 }

function base64ToHex(text: string, algorithm: DigestAlgorithm): string | undefined {
  let binary: string
  try {
    binary = atob(text.trim())
  } catch {
    return undefined
  }
  if (binary.length !== LENGTHS[algorithm]) return undefined
  let hex = ''
  for (let i = 0; i < binary.length; i++) hex += binary.charCodeAt(i).toString(16).padStart(2, '0')
  return hex
}

const algorithmOf = (name: string): DigestAlgorithm | undefined => {
  const n = name.trim().toLowerCase()
  return n === 'md5' ? 'md5' : n === 'sha-256' ? 'sha-256' : undefined
}

/** `md5=BASE64, sha-256=BASE64` (Digest) or `sha-256=:BASE64:` (Repr-Digest, a structured dictionary). */
function parseDigestList(value: string, from: string, colons: boolean): OfferedDigest[] {
  const out: OfferedDigest[] = []
  for (const item of value.split(',')) {
    const eq = item.indexOf('=')
    if (eq < 0) continue
    const algorithm = algorithmOf(item.slice(0, eq))
    if (!algorithm) continue
    let encoded = item.slice(eq + 1).trim()
    if (colons) {
      if (!encoded.startsWith(':') || !encoded.endsWith(':') || encoded.length < 2) continue
      encoded = encoded.slice(1, -1)
    }
    const hex = base64ToHex(encoded, algorithm)
    if (hex) out.push({ algorithm, hex, from })
  }
  return out
}

/** Every digest the headers of a whole-representation response offer, MD5 first. */
export function offeredDigests(headers: Readonly<Record<string, string | undefined>>): OfferedDigest[] {
  const get = (name: string) => headers[name] ?? headers[name.toLowerCase()]
  const out: OfferedDigest[] = []
  const contentMd5 = get('content-md5')
  if (contentMd5) {
    const hex = base64ToHex(contentMd5, 'md5')
    if (hex) out.push({ algorithm: 'md5', hex, from: 'Content-MD5 header' })
  }
  const repr = get('repr-digest')
  if (repr) out.push(...parseDigestList(repr, 'Repr-Digest header', true))
  const digest = get('digest')
  if (digest) out.push(...parseDigestList(digest, 'Digest header', false))
  return out.sort((a, b) => (a.algorithm === b.algorithm ? 0 : a.algorithm === 'md5' ? -1 : 1))
}

/** A bare MD5 given by the person: 32 hex digits. */
export const isMd5Hex = (text: string): boolean => /^[0-9a-fA-F]{32}$/.test(text.trim())

/**
 * The MD5 in the text of an .md5 file (`md5sum` output: `HEX  NAME`, or BSD's
 * `MD5 (NAME) = HEX`): the first run of exactly 32 hex digits.
 */
export function md5FromText(text: string): string | undefined {
  const m = /(?:^|[^0-9a-fA-F])([0-9a-fA-F]{32})(?![0-9a-fA-F])/.exec(text)
  return m?.[1]?.toLowerCase()
}
