// Downloads of objects whose ETag is not an MD5 (SSE-KMS, SSE-C) or not one the bytes
// reproduce (R2's multipart uploads) are checked against the full-object checksum the store
// keeps, when it keeps one: HEAD with x-amz-checksum-mode: ENABLED, then the CRC of the bytes
// on disk (a second read, paid only by such objects). Objects with an MD5 ETag keep the ETag
// check, which is hashed while the ranges arrive.
import type { FileHandle } from 'node:fs/promises'
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { checksumMethod, crcFromBase64, crcHasher, crcToBase64 } from '../../s3/full-object-checksum'
import { storedChecksumOf, type StoredChecksum } from '../../s3/upload-proof'
import type { CustomerKey } from '../../../shared/encryption'
import { customerKeyParams } from '../../s3/customer-key'
import { hashFile, type Verdict } from './download-verdict'

/**
 * The full-object checksum of the version with this ETag (If-Match: never another version's),
 * or undefined (none kept, a composite one, or no answer).
 */
export async function storedChecksumFor(
  client: S3Client,
  bucket: string,
  key: string,
  etag: string,
  options: { signal?: AbortSignal | undefined; customerKey?: CustomerKey | undefined } = {},
): Promise<StoredChecksum | undefined> {
  const { signal, customerKey } = options
  try {
    const out = await client.send(
      new HeadObjectCommand({
        Bucket: bucket,
        Key: key,
        IfMatch: `"${etag}"`,
        ChecksumMode: 'ENABLED',
        // An SSE-C object answers HEAD only with its key.
        ...(customerKey ? customerKeyParams(customerKey) : {}),
      }),
      signal ? { abortSignal: signal } : {},
    )
    return storedChecksumOf(out)
  } catch {
    // The first HEAD found the object: a failure here only leaves it checked by size.
    return undefined
  }
}

/** The CRC of the file's bytes against the stored one: a difference is definite. */
export async function checksumVerdict(
  file: FileHandle,
  size: number,
  stored: StoredChecksum,
): Promise<Verdict> {
  const hasher = crcHasher(stored.algorithm)
  await hashFile(file, size, hasher)
  const value = await hasher.value()
  const text = crcToBase64(stored.algorithm, value)
  if (crcFromBase64(stored.algorithm, stored.value) === value)
    return {
      verification: {
        verified: true,
        method: checksumMethod(stored.algorithm),
        detail: `the bytes' ${stored.algorithm} ${text} equals the object's full-object checksum`,
      },
      mismatch: false,
      definite: true,
    }
  return {
    verification: {
      verified: false,
      method: 'none',
      reason: `the object's full-object ${stored.algorithm} is ${stored.value}, the bytes give ${text}`,
    },
    mismatch: true,
    definite: true,
  }
}
