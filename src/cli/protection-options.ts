// --sse, --sse-kms-key-id, --sse-c, --sse-c-key, --acl and --tagging, with aws-cli's names and
// meanings, for the commands that write objects (upload, stream, send); --sse-c-key alone for
// those that read one (get, head, verify, resume).
// The parsing is imported when an option is given: `ferry send` runs once per file and stays light.
import type { UploadHeaders } from '../shared/domain/transfer'
import { CANNED_ACLS } from '../shared/canned-acls'
import type { CustomerKey } from '../shared/encryption'
import type { CliOption, OptionTable } from './command'

/** --sse-c-key: the one option a read of an SSE-C object needs. */
export const customerKeyOption = {
  'sse-c-key': {
    type: 'string',
    value: 'fileb://PATH|KEY',
    help:
      'The 32-byte customer key of an SSE-C object: fileb://PATH reads it from a file, or give the key itself. ' +
      'Ferry never stores it: a resume asks for it again.',
  },
} as const satisfies OptionTable

export const protectionOptions = {
  sse: {
    type: 'string',
    value: 'AES256|aws:kms',
    help: "Server-side encryption with the store's keys: AES256 (SSE-S3) or aws:kms (SSE-KMS).",
    byDefault: "the bucket's default",
  },
  'sse-kms-key-id': {
    type: 'string',
    value: 'ID',
    help: 'The KMS key id (or ARN) for --sse aws:kms.',
    byDefault: "the store's default KMS key",
  },
  'sse-c': {
    type: 'string',
    value: 'AES256',
    help: 'Server-side encryption with your own key (SSE-C); needs --sse-c-key.',
  },
  ...customerKeyOption,
  acl: {
    type: 'string',
    value: 'ACL',
    help: `A canned ACL: ${CANNED_ACLS.join(', ')}.`,
    byDefault: "the bucket's",
  } satisfies CliOption,
  tagging: {
    type: 'string',
    value: 'K=V&K2=V2',
    help: 'Object tags, URL-encoded as S3 takes them: "project=ferry&team=ops".',
  },
} as const satisfies OptionTable

const str = (values: Record<string, unknown>, name: string): string | undefined =>
  typeof values[name] === 'string' ? (values[name] as string) : undefined

/** --sse-c-key read (a file's bytes or the key itself), checked for AES-256's length. */
export async function customerKeyFrom(values: Record<string, unknown>): Promise<CustomerKey | undefined> {
  const text = str(values, 'sse-c-key')
  if (text === undefined) return undefined
  const { readCustomerKey } = await import('../main/s3/customer-key')
  return readCustomerKey(text)
}

/** The headers the options ask for, and the SSE-C key, which travels beside them. */
export async function protectionFrom(
  values: Record<string, unknown>,
): Promise<{ headers: Pick<UploadHeaders, 'encryption' | 'acl' | 'tags'>; customerKey?: CustomerKey }> {
  const headers: Pick<UploadHeaders, 'encryption' | 'acl' | 'tags'> = {}
  if (!Object.keys(protectionOptions).some((name) => values[name] !== undefined)) return { headers }
  const { cannedAclOf, encryptionOf, parseTagging } = await import('../shared/encryption')
  const customerKey = await customerKeyFrom(values)
  const sse = str(values, 'sse')
  const sseKmsKeyId = str(values, 'sse-kms-key-id')
  const sseC = str(values, 'sse-c')
  const encryption = encryptionOf({
    ...(sse !== undefined ? { sse } : {}),
    ...(sseKmsKeyId !== undefined ? { sseKmsKeyId } : {}),
    ...(sseC !== undefined ? { sseC } : {}),
    ...(customerKey ? { customerKeyMd5: customerKey.keyMd5 } : {}),
  })
  if (encryption) headers.encryption = encryption
  const acl = str(values, 'acl')
  if (acl !== undefined) headers.acl = cannedAclOf(acl)
  const tagging = str(values, 'tagging')
  if (tagging !== undefined) headers.tags = parseTagging(tagging)
  return { headers, ...(customerKey ? { customerKey } : {}) }
}
