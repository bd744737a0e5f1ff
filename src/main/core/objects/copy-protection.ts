// What a server-side copy (a copy, a move, a metadata edit) must carry besides metadata and
// headers: the object's tags and, for SSE-C, its key on both sides. radosgw 16 drops tags on
// every CopyObject, TaggingDirective or not (measured), and refuses to copy SSE-KMS and SSE-C
// objects at all (501 NotImplemented, empty message): that refusal changes nothing, and is
// named here so the person learns why and what to do instead.
import { GetObjectTaggingCommand, PutObjectTaggingCommand, type S3Client, type Tag } from '@aws-sdk/client-s3'
import type { CustomerKey } from '../../../shared/encryption'
import { FerryError } from '../../../shared/errors'
import type { S3Location } from '../../../shared/s3-url'
import { customerKeyParams } from '../../s3/customer-key'
import type { ObjectHead } from '../../s3/head'
import { failureFacts, toFerryError } from '../../s3/s3-errors'
import { EncryptedCopyRefused } from '../../s3/copy-guard'

/** The source's tags, read only when HEAD counted some. */
export async function tagsOf(client: S3Client, head: ObjectHead): Promise<Tag[]> {
  if (!head.tagCount) return []
  try {
    const out = await client.send(new GetObjectTaggingCommand({ Bucket: head.bucket, Key: head.key }))
    return out.TagSet ?? []
  } catch (e) {
    throw toFerryError(e, { bucket: head.bucket, key: head.key })
  }
}

/** Puts the tags back on the copy when the store did not carry them over. */
export async function keepTags(client: S3Client, at: S3Location, tags: Tag[]): Promise<void> {
  if (tags.length === 0) return
  try {
    const now = await client.send(new GetObjectTaggingCommand({ Bucket: at.bucket, Key: at.key }))
    if ((now.TagSet ?? []).length >= tags.length) return
    await client.send(
      new PutObjectTaggingCommand({ Bucket: at.bucket, Key: at.key, Tagging: { TagSet: tags } }),
    )
  } catch (e) {
    throw toFerryError(e, at)
  }
}

/** Replaces an object's tags (no copy: tags are a subresource). */
export async function setTags(client: S3Client, at: S3Location, tags: Record<string, string>): Promise<void> {
  try {
    await client.send(
      new PutObjectTaggingCommand({
        Bucket: at.bucket,
        Key: at.key,
        Tagging: { TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
      }),
    )
  } catch (e) {
    throw toFerryError(e, at)
  }
}

const isSseC = (head: ObjectHead) => head.sseCustomerAlgorithm !== undefined

/** SSE-C copies send the key for the source and the destination (the copy stays under the same key). */
export function copyKeyParams(head: ObjectHead, customerKey: CustomerKey | undefined) {
  if (!isSseC(head) || !customerKey) return {}
  const p = customerKeyParams(customerKey)
  return {
    ...p,
    CopySourceSSECustomerAlgorithm: p.SSECustomerAlgorithm,
    CopySourceSSECustomerKey: p.SSECustomerKey,
    CopySourceSSECustomerKeyMD5: p.SSECustomerKeyMD5,
  }
}

const encryptionOf = (head: ObjectHead): string | undefined =>
  head.serverSideEncryption === 'aws:kms'
    ? `SSE-KMS${head.sseKmsKeyId ? ` (key ${head.sseKmsKeyId})` : ''}`
    : isSseC(head)
      ? 'SSE-C'
      : undefined

/** The store's refusal to copy an encrypted object, named; undefined for any other failure. */
export function encryptedCopyRefused(e: unknown, head: ObjectHead): FerryError | undefined {
  const how = encryptionOf(head)
  if (!how) return undefined
  const facts = failureFacts(e)
  const detail = e instanceof FerryError ? (e.detail ?? '') : ''
  const refused =
    facts.code === 'NotImplemented' || facts.status === 501 || /NotImplemented|HTTP 501/.test(detail)
  if (!refused) return undefined
  // An SSE-KMS refusal keeps its class: moves and copies stream such an object instead
  // (encrypted-fallback.ts). SSE-C cannot be streamed without its key, so it stays a failure.
  const Refusal = e instanceof EncryptedCopyRefused ? EncryptedCopyRefused : FerryError
  return new Refusal(
    {
      code: 'not-supported',
      message: `this store cannot copy s3://${head.bucket}/${head.key} on the server: it is ${how} encrypted (NotImplemented); nothing was changed`,
      fix: 'Download it and upload it again with the new settings (ferry get, then ferry upload with --sse or --sse-c), or use a store that copies encrypted objects.',
      detail: 'NotImplemented (HTTP 501)',
    },
    { cause: e },
  )
}
