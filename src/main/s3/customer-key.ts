// SSE-C keys: read from --sse-c-key (fileb://PATH, or the key itself as aws-cli takes it) and
// turned into the three request headers S3 wants on every request that touches the object
// (PutObject, CreateMultipartUpload, UploadPart, HeadObject, GetObject).
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { badInput } from '../../shared/errors'
import { checkCustomerKeyLength, type CustomerKey } from '../../shared/encryption'
import { CUSTOMER_KEY_BYTES } from '../../shared/s3-limits'

export function customerKeyOf(bytes: Uint8Array): CustomerKey {
  const raw = Buffer.from(bytes)
  return { key: raw.toString('base64'), keyMd5: createHash('md5').update(raw).digest('base64') }
}

const BASE64_KEY = /^[A-Za-z0-9+/]{43}=$/

/**
 * --sse-c-key's value: `fileb://PATH` reads the file's bytes (aws-cli's spelling); anything else is
 * the key itself, 32 characters of raw key as aws-cli takes it, or its base64 (44 characters).
 */
export async function readCustomerKey(text: string): Promise<CustomerKey> {
  if (text.startsWith('fileb://') || text.startsWith('file://')) {
    const path = text.replace(/^fileb?:\/\//, '')
    let bytes: Buffer
    try {
      bytes = await readFile(path)
    } catch (e) {
      throw badInput(
        `cannot read the SSE-C key file ${path} (${systemReason(e)})`,
        'Check the path given to --sse-c-key fileb://PATH and that the file is readable.',
      )
    }
    return customerKeyOf(checkCustomerKeyLength(bytes, `in ${path}`))
  }
  const raw = Buffer.from(text, 'utf8')
  if (raw.length !== CUSTOMER_KEY_BYTES && BASE64_KEY.test(text))
    return customerKeyOf(checkCustomerKeyLength(Buffer.from(text, 'base64'), 'given (base64)'))
  return customerKeyOf(checkCustomerKeyLength(raw, 'given'))
}

/**
 * What the system said, as a person reads it: "ENOENT: no such file or directory" (Node's
 * message without the call and path it repeats), or the error's text.
 */
export function systemReason(e: unknown): string {
  const { code, message } = e as NodeJS.ErrnoException
  if (!code) return String((e as Error)?.message ?? e)
  const said = message?.match(new RegExp(`^${code}: ([^,]+)`))?.[1]
  return said ? `${code}: ${said}` : code
}

/** The SDK's SSE-C parameters. */
export const customerKeyParams = (k: CustomerKey) => ({
  SSECustomerAlgorithm: 'AES256',
  SSECustomerKey: k.key,
  SSECustomerKeyMD5: k.keyMd5,
})

/** The same as headers, for requests signed by hand (direct-request.ts). */
export const customerKeyHeaders = (k: CustomerKey): Record<string, string> => ({
  'x-amz-server-side-encryption-customer-algorithm': 'AES256',
  'x-amz-server-side-encryption-customer-key': k.key,
  'x-amz-server-side-encryption-customer-key-md5': k.keyMd5,
})
