// The inspector's view of an object's encryption and tags, added to what HEAD tells.
import type { S3Client } from '@aws-sdk/client-s3'
import type { ObjectDetails } from '../../../shared/domain/objects'
import type { ObjectHead } from '../../s3/head'
import { tagsOf } from '../../core/objects/copy-protection'

function encryptionOf(head: ObjectHead): string | undefined {
  if (head.serverSideEncryption === 'aws:kms')
    return head.sseKmsKeyId ? `SSE-KMS (key ${head.sseKmsKeyId})` : 'SSE-KMS'
  if (head.serverSideEncryption === 'AES256') return 'SSE-S3 (AES256)'
  if (head.sseCustomerAlgorithm) return 'SSE-C (a customer key)'
  return undefined
}

export async function withProtection<T extends ObjectDetails>(
  client: S3Client,
  details: T,
  head: ObjectHead,
): Promise<T> {
  const out: T = { ...details }
  const encryption = encryptionOf(head)
  if (encryption) out.encryption = encryption
  const tags = await tagsOf(client, head)
  if (tags.length > 0) out.tags = Object.fromEntries(tags.map((t) => [t.Key ?? '', t.Value ?? '']))
  return out
}
