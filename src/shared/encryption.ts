// Server-side encryption, canned ACLs and object tags as an upload asks for them, with
// aws-cli's names (--sse AES256|aws:kms, --sse-kms-key-id, --sse-c AES256, --acl, --tagging).
// Pure: parsing and validation only. The SSE-C key itself never appears here, only its MD5
// (which S3 itself echoes in every answer): it is what a journal may hold to tell a resume
// whether the key it was given is the one the upload began with.
import { z } from 'zod'
import { CANNED_ACLS } from './canned-acls'
import { badInput } from './errors'
import { CUSTOMER_KEY_BYTES, MAX_OBJECT_TAGS, MAX_TAG_KEY_CHARS, MAX_TAG_VALUE_CHARS } from './s3-limits'

export const objectEncryptionSchema = z.discriminatedUnion('kind', [
  /** SSE-S3: x-amz-server-side-encryption: AES256. */
  z.strictObject({ kind: z.literal('sse-s3') }),
  /** SSE-KMS with a key id, or the store's default KMS key when none is given. */
  z.strictObject({ kind: z.literal('sse-kms'), keyId: z.string().min(1).max(2048).optional() }),
  /** SSE-C: the base64 MD5 of the customer's 256-bit key, never the key. */
  z.strictObject({ kind: z.literal('sse-c'), keyMd5: z.string().min(1).max(64) }),
])
export type ObjectEncryption = z.infer<typeof objectEncryptionSchema>

export { CANNED_ACLS }
export const cannedAclSchema = z.enum(CANNED_ACLS)
export type CannedAcl = z.infer<typeof cannedAclSchema>

export const objectTagsSchema = z.record(
  z.string().max(MAX_TAG_KEY_CHARS),
  z.string().max(MAX_TAG_VALUE_CHARS),
)

/** --sse's values, as aws-cli spells them. */
export const SSE_VALUES = ['AES256', 'aws:kms'] as const

export interface EncryptionOptions {
  sse?: string
  sseKmsKeyId?: string
  sseC?: string
  /** Whether --sse-c-key was given (its MD5, once read, is `customerKeyMd5`). */
  customerKeyMd5?: string
}

/** The encryption the options ask for, checked as aws-cli checks them; undefined for none. */
export function encryptionOf(o: EncryptionOptions): ObjectEncryption | undefined {
  if (o.sse !== undefined && !(SSE_VALUES as readonly string[]).includes(o.sse))
    throw badInput(`--sse "${o.sse}" is not AES256 or aws:kms`, 'Use --sse AES256 (SSE-S3) or --sse aws:kms.')
  if (o.sseKmsKeyId !== undefined && o.sse !== 'aws:kms')
    throw badInput(
      '--sse-kms-key-id needs --sse aws:kms',
      'Add --sse aws:kms, or leave out --sse-kms-key-id.',
    )
  if (o.sseC !== undefined && o.sseC !== 'AES256')
    throw badInput(`--sse-c "${o.sseC}" is not AES256`, 'Use --sse-c AES256 with --sse-c-key.')
  if (o.sseC !== undefined && o.sse !== undefined)
    throw badInput(
      '--sse and --sse-c cannot be used together',
      'Choose one: the store encrypts with its keys (--sse) or with yours (--sse-c).',
    )
  if (o.sseC !== undefined && o.customerKeyMd5 === undefined)
    throw badInput('--sse-c needs --sse-c-key', 'Add --sse-c-key fileb://PATH to a 32-byte key file.')
  if (o.customerKeyMd5 !== undefined && o.sseC === undefined)
    throw badInput('--sse-c-key needs --sse-c AES256', 'Add --sse-c AES256.')
  if (o.customerKeyMd5 !== undefined) return { kind: 'sse-c', keyMd5: o.customerKeyMd5 }
  if (o.sse === 'AES256') return { kind: 'sse-s3' }
  if (o.sse === 'aws:kms') return { kind: 'sse-kms', ...(o.sseKmsKeyId ? { keyId: o.sseKmsKeyId } : {}) }
  return undefined
}

/** How the encryption reads for a person: "SSE-KMS (key k1)". */
export function describeEncryption(e: ObjectEncryption | undefined): string {
  if (!e) return 'none'
  switch (e.kind) {
    case 'sse-s3':
      return 'SSE-S3 (AES256)'
    case 'sse-kms':
      return e.keyId ? `SSE-KMS (key ${e.keyId})` : "SSE-KMS (the store's default key)"
    case 'sse-c':
      return 'SSE-C (a customer key)'
  }
}

/** A customer key's bytes, checked for AES-256's length. */
export function checkCustomerKeyLength(bytes: Uint8Array, from: string): Uint8Array {
  if (bytes.length !== CUSTOMER_KEY_BYTES)
    throw badInput(
      `the SSE-C key ${from} is ${bytes.length} bytes; AES-256 needs exactly ${CUSTOMER_KEY_BYTES}`,
      'Pass a 32-byte key: --sse-c-key fileb://key.bin (make one with: openssl rand 32 > key.bin).',
    )
  return bytes
}

/** --canned ACL, checked against S3's list. */
export function cannedAclOf(text: string): CannedAcl {
  const parsed = cannedAclSchema.safeParse(text)
  if (!parsed.success)
    throw badInput(`--acl "${text}" is not a canned ACL`, `Use one of: ${CANNED_ACLS.join(', ')}.`)
  return parsed.data
}

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u

/** "k=v&k2=v2" (URL-encoded, as aws-cli and S3's x-amz-tagging take it) as tags, checked. */
export function parseTagging(text: string): Record<string, string> {
  const tags = new Map<string, string>()
  for (const pair of text.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    if (eq <= 0)
      throw badInput(`--tagging "${pair}" is not KEY=VALUE`, 'Write tags as key=value&key2=value2.')
    let key: string
    let value: string
    try {
      key = decodeURIComponent(pair.slice(0, eq).replaceAll('+', ' '))
      value = decodeURIComponent(pair.slice(eq + 1).replaceAll('+', ' '))
    } catch {
      throw badInput(`--tagging "${pair}" has a broken %-escape`, 'Encode special characters as %XX.')
    }
    if (tags.has(key)) throw badInput(`tag "${key}" appears twice`, 'Keep one value per tag key.')
    tags.set(key, value)
  }
  return checkTags(Object.fromEntries(tags))
}

/** Tags within S3's limits: at most 10, keys up to 128 characters, values up to 256. */
export function checkTags(tags: Record<string, string>): Record<string, string> {
  const entries = Object.entries(tags)
  if (entries.length > MAX_OBJECT_TAGS)
    throw badInput(
      `${entries.length} tags is over S3's limit of ${MAX_OBJECT_TAGS} per object`,
      'Remove some tags.',
    )
  for (const [key, value] of entries) {
    if (key === '' || [...key].length > MAX_TAG_KEY_CHARS)
      throw badInput(`tag key "${key}" must be 1 to ${MAX_TAG_KEY_CHARS} characters`, 'Shorten the tag key.')
    if ([...value].length > MAX_TAG_VALUE_CHARS)
      throw badInput(`the value of tag "${key}" is over ${MAX_TAG_VALUE_CHARS} characters`, 'Shorten it.')
    if (!TAG_CHARS.test(key) || !TAG_CHARS.test(value))
      throw badInput(
        `tag "${key}" has characters S3 does not allow in tags`,
        'Use letters, digits, spaces and _ . : / = + - @ only.',
      )
  }
  return tags
}

/** Tags as the x-amz-tagging header (and --tagging) write them. */
export const taggingText = (tags: Record<string, string>): string =>
  Object.entries(tags)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&')

/**
 * An SSE-C key as requests carry it (base64 of the 32 bytes, and of their MD5). It lives only
 * in memory and in messages between Ferry's own processes: never in a journal, a queue record
 * or a settings file.
 */
export interface CustomerKey {
  key: string
  keyMd5: string
}

/** A run that must read or write an SSE-C object, given no key (or another key than the object's). */
export function customerKeyProblem(
  encryption: ObjectEncryption | undefined,
  given: CustomerKey | undefined,
  what: string,
): string | undefined {
  if (encryption?.kind !== 'sse-c') return undefined
  if (!given) return `${what} is encrypted with a customer key (SSE-C), which Ferry never stores`
  if (given.keyMd5 !== encryption.keyMd5)
    return `the SSE-C key given is not the one ${what} was encrypted with (its MD5 differs)`
  return undefined
}
