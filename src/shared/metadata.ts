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
  if (PRINTABLE_ASCII.test(value) && !ENCODED_WORD.test(value)) return value
  return `=?UTF-8?B?${toBase64(utf8.encode(value))}?=`
}

export function decodeMetadataValue(value: string): string {
  const match = ENCODED_WORD.exec(value.trim())
  if (!match) return value
  const [, kind, text = ''] = match
  if (kind!.toUpperCase() === 'B') return new TextDecoder().decode(fromBase64(text))
  // Q encoding: underscores are spaces, =XX are bytes.
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '_') bytes.push(0x20)
    else if (c === '=' && i + 2 < text.length + 1) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16))
      i += 2
    } else bytes.push(c.charCodeAt(0))
  }
  return new TextDecoder().decode(Uint8Array.from(bytes))
}

/** Problems with one metadata name, or undefined when it is fine. */
export function metadataNameProblem(name: string): string | undefined {
  if (name === '') return 'Metadata names cannot be empty.'
  if (/^x-amz-meta-/i.test(name)) return 'Leave out the x-amz-meta- prefix; Ferry adds it.'
  if (!TOKEN.test(name)) return `"${name}" has characters not allowed in a header name; use letters, digits, "-" and "_".`
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
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(metadata)) {
    const problem = metadataNameProblem(name)
    if (problem) throw badInput(`invalid metadata name: ${problem}`, 'Rename the metadata entry.')
    out[name.toLowerCase()] = encodeMetadataValue(value)
  }
  const bytes = metadataBytes(metadata)
  if (bytes > MAX_USER_METADATA_BYTES) {
    throw badInput(
      `user metadata is ${bytes} bytes, over S3's limit of ${MAX_USER_METADATA_BYTES}`,
      'Remove or shorten some x-amz-meta-* entries.',
    )
  }
  return out
}

export function decodeMetadata(metadata: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(metadata ?? {})) out[name] = decodeMetadataValue(value)
  return out
}
