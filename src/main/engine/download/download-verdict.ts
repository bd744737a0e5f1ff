// Judging a downloaded file against the object's ETag: the first guess at the uploader's part
// size is hashed while the ranges arrive; other likely sizes only when that guess was wrong.
import type { FileHandle } from 'node:fs/promises'
import type { S3Client } from '@aws-sdk/client-s3'
import type { CustomerKey } from '../../../shared/encryption'
import { formatBytes } from '../../../shared/sizes'
import { EtagHasher } from '../../s3/etag-hasher'
import type { EtagShape } from '../../s3/etag-shape'
import { headObject, type ObjectHead } from '../../s3/head'

/**
 * S3 tells the first part's size on HEAD ?partNumber=1 (with PartsCount); radosgw 16
 * ignores the parameter and answers the whole object, which is recognised and ignored.
 */
export async function firstPartSize(
  client: S3Client,
  head: ObjectHead,
  parts: number,
  signal?: AbortSignal,
  customerKey?: CustomerKey,
): Promise<number | undefined> {
  try {
    const part = await headObject(client, head.bucket, head.key, {
      partNumber: 1,
      customerKey,
      ...(signal ? { abortSignal: signal } : {}),
    })
    return part.partsCount === parts && part.size > 0 && part.size < head.size ? part.size : undefined
  } catch {
    return undefined
  }
}

export type Verdict = ReturnType<EtagHasher['result']>

/** Feeds `size` bytes of the file from `start` to `hasher`, a megabyte at a time. */
export async function hashFile(
  file: FileHandle,
  size: number,
  hasher: { update(bytes: Uint8Array): void },
  start = 0,
): Promise<void> {
  const buffer = Buffer.allocUnsafe(1024 * 1024)
  const end = start + size
  for (let position = start; position < end;) {
    const { bytesRead } = await file.read(buffer, 0, Math.min(buffer.length, end - position), position)
    if (bytesRead === 0) throw new Error(`the partial file ends at ${position} of ${end} bytes`)
    hasher.update(buffer.subarray(0, bytesRead))
    position += bytesRead
  }
}

/** The first candidate's verdict, or the other candidates' when the first guess was wrong. */
export async function judge(
  hasher: EtagHasher,
  file: FileHandle,
  size: number,
  shape: EtagShape,
  partSizes: number[],
  exact: boolean,
): Promise<Verdict> {
  const first = hasher.result(exact)
  if (!first.mismatch || first.definite || partSizes.length < 2) return first
  const others = new EtagHasher(shape, partSizes.slice(1))
  await hashFile(file, size, others)
  const second = others.result(false)
  if (!second.mismatch) return second
  const tried = partSizes.map(formatBytes).join(', ')
  const expected = shape.kind === 'multipart' ? `${shape.md5}-${shape.parts}` : ''
  return {
    verification: {
      verified: false,
      method: 'none',
      reason: `no likely part size (${tried}) reproduces the ETag ${expected}; the uploader used another part size`,
    },
    mismatch: true,
    definite: false,
  }
}
