// x-amz-meta-* names and values. HTTP headers carry only US-ASCII: Node refuses other
// characters before sending, and radosgw fails the signature on them. S3 documents
// RFC 2047 encoded-words for such values ("Working with object metadata"), so Ferry
// writes =?UTF-8?B?...?= and decodes it on read.
import { badInput } from './errors'
import { MAX_USER_METADATA_BYTES } from './s3-limits'

const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/
const ENCODED_WORD = /^=\?UTF-8\?([BQ])\?([^?]*)\?=$/i

const utf8 = new TextEncoder()

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary)
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text)
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}

export function encodeMetadataValue(value: string): string {
  // HTTP drops whitespace at either end of a header value (radosgw stores "  a  " as "a"), so such
  // values are encoded to arrive intact; so are values that would decode as encoded-words.
  const verbatim = PRINTABLE_ASCII.test(value) && value.trim() === value && !ENCODED_WORD.test(value)
  if (verbatim) return value
  return `=?UTF-8?B?${toBase64(utf8.encode(value))}?=`
}

export function decodeMetadataValue(value: string): string {
  const match = ENCODED_WORD.exec(value.trim())
  if (!match) return value
  const [, kind, text = ''] = match
  if (kind!.toUpperCase() === 'B') {
    try {
      return new TextDecoder().decode(fromBase64(text))
    } catch {
      // Not base64 after all (written by another tool): show it as stored rather than fail the read.
      return value
    }
  }
  // Q encoding: underscores are spaces, =XX are bytes; a malformed escape stays as text.
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    const hex = text.slice(i + 1, i + 3)
    if (c === '_') bytes.push(0x20)
    else if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16))
      i += 2
    } else bytes.push(c.charCodeAt(0))
  }
  return new TextDecoder().decode(Uint8Array.from(bytes))
}

/** Problems with one metadata name, or undefined when it is fine. */
export function metadataNameProblem(name: string): string | undefined {
  if (name === '') return 'Metadata names cannot be empty.'
  if (/^x-amz-meta-/i.test(name)) return 'Leave out the x-amz-meta- prefix; Ferry adds it.'
  if (!TOKEN.test(name))
    return `"${name}" has characters not allowed in a header name; use letters, digits, "-" and "_".`
  return undefined
}

/** The bytes S3 counts against the 2 KB limit: names and values as sent. */
export function metadataBytes(metadata: Record<string, string>): number {
  let total = 0
  for (const [name, value] of Object.entries(metadata)) {
    total += utf8.encode(name.toLowerCase()).length + utf8.encode(encodeMetadataValue(value)).length
  }
  return total
}

/** Validates and encodes user metadata for a request; names are lower-cased as S3 stores them. */
export function encodeMetadata(metadata: Record<string, string>): Record<string, string> {
  const entries = new Map<string, string>()
  for (const [name, value] of Object.entries(metadata)) {
    const problem = metadataNameProblem(name)
    if (problem) throw badInput(`invalid metadata name: ${problem}`, 'Rename the metadata entry.')
    const lower = name.toLowerCase()
    if (entries.has(lower)) {
      throw badInput(
        `metadata name "${name}" appears twice (names are not case-sensitive)`,
        'Keep one of the entries.',
      )
    }
    entries.set(lower, encodeMetadataValue(value))
  }
  const bytes = metadataBytes(metadata)
  if (bytes > MAX_USER_METADATA_BYTES) {
    throw badInput(
      `user metadata is ${bytes} bytes, over S3's limit of ${MAX_USER_METADATA_BYTES}`,
      'Remove or shorten some x-amz-meta-* entries.',
    )
  }
  // fromEntries defines own properties: a name like "__proto__" stays an entry, not a prototype.
  return Object.fromEntries(entries)
}

export function decodeMetadata(metadata: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(metadata ?? {}).map(([name, value]) => [name, decodeMetadataValue(value)]),
  )
}
