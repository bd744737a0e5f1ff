// Encryption, canned ACL and tags as S3 request parameters, for PutObject,
// CreateMultipartUpload and CopyObject alike.
import type { ObjectCannedACL, ServerSideEncryption } from '@aws-sdk/client-s3'
import type { UploadHeaders } from '../../shared/domain/transfer'
import {
  checkTags,
  customerKeyProblem,
  taggingText,
  type CustomerKey,
  type ObjectEncryption,
} from '../../shared/encryption'
import { FerryError } from '../../shared/errors'
import { customerKeyParams } from './customer-key'

export interface ProtectionParams {
  ServerSideEncryption?: ServerSideEncryption
  SSEKMSKeyId?: string
  SSECustomerAlgorithm?: string
  SSECustomerKey?: string
  SSECustomerKeyMD5?: string
  ACL?: ObjectCannedACL
  Tagging?: string
}

/** A transfer whose object is (to be) SSE-C encrypted, without the right key. */
export function customerKeyNeeded(problem: string): FerryError {
  return new FerryError({
    code: 'customer-key-needed',
    message: problem,
    fix: 'Pass the key the object was written with: --sse-c-key fileb://PATH (in the app, the SSE-C key file).',
  })
}

/** The encryption parameters alone: uploads, copies and reads of SSE-C objects need them. */
export function encryptionParams(
  encryption: ObjectEncryption | undefined,
  customerKey: CustomerKey | undefined,
  what = 'this object',
): ProtectionParams {
  const problem = customerKeyProblem(encryption, customerKey, what)
  if (problem) throw customerKeyNeeded(problem)
  switch (encryption?.kind) {
    case undefined:
      return {}
    case 'sse-s3':
      return { ServerSideEncryption: 'AES256' }
    case 'sse-kms':
      return {
        ServerSideEncryption: 'aws:kms',
        ...(encryption.keyId ? { SSEKMSKeyId: encryption.keyId } : {}),
      }
    case 'sse-c':
      return customerKeyParams(customerKey!)
  }
}

export function protectionParams(
  headers: UploadHeaders,
  customerKey: CustomerKey | undefined,
): ProtectionParams {
  const params = encryptionParams(headers.encryption, customerKey, 'this upload')
  if (headers.acl) params.ACL = headers.acl
  const tags = headers.tags ? checkTags(headers.tags) : {}
  if (Object.keys(tags).length > 0) params.Tagging = taggingText(tags)
  return params
}
