// What S3's answers mean when the request asked for encryption or a storage class, or read an
// object that may be SSE-C encrypted. The same codes mean other things elsewhere: radosgw answers
// an unknown KMS key id with InvalidAccessKeyId (not a credentials problem), and a HEAD of an
// SSE-C object without its key with a bare 400.
import type { ObjectEncryption } from '../../shared/encryption'
import { FerryError, type FerryErrorCode } from '../../shared/errors'
import type { FailureFacts } from '../../shared/retry-policy'

/** What the request asked for, carried in the error context of requests that write or read objects. */
export interface ProtectionHint {
  /** The request writes an object (PutObject, CreateMultipartUpload, UploadPart, CopyObject). */
  write: boolean
  encryption?: ObjectEncryption | undefined
  storageClass?: string | undefined
  /** Whether an SSE-C key went with the request. */
  customerKey: boolean
}

type Make = (code: FerryErrorCode, message: string, fix: string) => FerryError

export function protectionFailure(
  facts: FailureFacts,
  hint: ProtectionHint,
  where: string,
  make: Make,
): FerryError | undefined {
  const { code, status } = facts
  const kms = hint.encryption?.kind === 'sse-kms' ? hint.encryption : undefined
  if (
    kms &&
    (code === 'InvalidAccessKeyId' ||
      code === 'KMS.NotFoundException' ||
      code === 'KMSInvalidKeyUsageException')
  )
    return make(
      'kms-key-missing',
      `KMS key not found: ${kms.keyId ?? "the store's default key"}`,
      'Give a KMS key id the store knows with --sse-kms-key-id (and that the credentials may use: kms:GenerateDataKey, kms:Decrypt).',
    )
  if (hint.write && !hint.encryption && (code === 'AccessDenied' || status === 403))
    return make(
      'access-denied',
      `access denied to ${where}; the bucket's policy may require encryption`,
      'If the bucket requires encryption, upload with --sse aws:kms (and --sse-kms-key-id ID) or --sse AES256 (in the app: Encryption in the upload sheet); otherwise grant the credentials s3:PutObject.',
    )
  if (
    hint.write &&
    hint.storageClass &&
    (code === 'InvalidStorageClass' || (status === 400 && (code === 'InvalidArgument' || code === undefined)))
  )
    return make(
      'bad-input',
      `the store refused storage class "${hint.storageClass}"`,
      'Leave out the storage class, or use one the store offers (STANDARD everywhere; STANDARD_IA, GLACIER_IR and others on AWS).',
    )
  if (!hint.write && (status === 400 || status === 403)) {
    if (!hint.customerKey && status === 400)
      return make(
        'customer-key-needed',
        `${where} is encrypted with a customer key: pass --sse-c-key`,
        "Add --sse-c-key fileb://PATH with the key it was written with (in the app, the connection's SSE-C key file).",
      )
    if (
      hint.customerKey &&
      (code === 'InvalidArgument' || code === 'InvalidRequest' || code === undefined || status === 403)
    )
      return make(
        'customer-key-needed',
        `the SSE-C key given does not open ${where}`,
        'Pass the key the object was written with: --sse-c-key fileb://PATH.',
      )
  }
  return undefined
}
