// "Does this object equal this file?", asked by `ferry verify`, the app's "Verify against a
// local file", the daemon after a crash and the upload's own crash recovery. The answer is
// a verdict, not a message: each asker says it in its own words (or acts on it).
// The object's ETag is an MD5 of its bytes (single PUT) or of its parts' MD5s (multipart),
// so the file is hashed the way its uploader must have split it; that costs one read of the
// file per part size tried, so only a few, most likely first.
import type { S3Client } from '@aws-sdk/client-s3'
import type { Verification } from '../../shared/domain/transfer'
import type { CustomerKey } from '../../shared/encryption'
import type { FerryError } from '../../shared/errors'
import { etagShape, normalizeEtag } from './digests'
import { failureFacts, toFerryError } from './s3-errors'
import { compareEtag, headForVerify, localEtag, partSizeCandidates, type ObjectFacts } from './verify'

/** Part sizes tried at most when the uploader's is not known. */
export const MAX_PART_SIZE_TRIES = 4

export type EqualHow =
  | { method: 'md5-etag'; localEtag: string }
  | { method: 'multipart-etag'; localEtag: string; partSize: number; partCount: number }

export type Difference =
  | { kind: 'size'; objectSize: number; fileSize: number }
  /** The object's ETag is a plain MD5 and the file's MD5 is another. */
  | { kind: 'md5'; localEtag: string }
  /** No part size splits the file into the object's number of parts. */
  | { kind: 'no-part-size'; partCount: number }
  /** None of the part sizes tried reproduces the object's multipart ETag. */
  | { kind: 'no-part-size-matches'; partCount: number; tried: number[] }

export type ObjectFileVerdict =
  | { kind: 'equal'; object: ObjectFacts; how: EqualHow }
  | { kind: 'different'; object: ObjectFacts; reason: Difference }
  /** SSE-KMS, SSE-C or a store with its own ETag scheme: nothing local can match the ETag. */
  | { kind: 'cannot-tell'; object: ObjectFacts; reason: 'opaque-etag' }
  /** No object at the key; `error` says so for askers to whom that is a failure. */
  | { kind: 'missing'; error: FerryError }

export type StoredVerdict = Exclude<ObjectFileVerdict, { kind: 'missing' }>
export type EqualVerdict = Extract<ObjectFileVerdict, { kind: 'equal' }>

export interface LocalFile {
  path: string
  size: number
}

export interface CompareOptions {
  /** Part sizes to try first, fetched only for a multipart ETag (from Ferry's journals). */
  partSizeHints?: () => Promise<readonly number[]>
  /** The part size the uploader used, when known (a journal's header): the only one tried. */
  partSize?: number
  signal?: AbortSignal
  /** The object's SSE-C key, when it was written with one. */
  customerKey?: CustomerKey | undefined
}

/** What the HEAD alone settles: sizes that differ, an ETag no local digest can match. */
function settledByHead(facts: ObjectFacts, fileSize: number): StoredVerdict | undefined {
  if (facts.size !== fileSize)
    return { kind: 'different', object: facts, reason: { kind: 'size', objectSize: facts.size, fileSize } }
  if (etagShape(facts.etag).kind === 'opaque')
    return { kind: 'cannot-tell', object: facts, reason: 'opaque-etag' }
  return undefined
}

/**
 * Compares an object with a file whose MD5 is already known (a small file read whole): a
 * multipart ETag, which would need the file split, counts as different.
 */
export function compareWithMd5(object: ObjectFacts, fileSize: number, md5Hex: string): StoredVerdict {
  const facts = { ...object, etag: normalizeEtag(object.etag) }
  const settled = settledByHead(facts, fileSize)
  if (settled) return settled
  return facts.etag === md5Hex
    ? { kind: 'equal', object: facts, how: { method: 'md5-etag', localEtag: md5Hex } }
    : { kind: 'different', object: facts, reason: { kind: 'md5', localEtag: md5Hex } }
}

/** Compares an object whose HEAD the caller made with a local file, reading the file. */
export async function compareObjectWithFile(
  object: ObjectFacts,
  file: LocalFile,
  options: CompareOptions = {},
): Promise<StoredVerdict> {
  const facts = { ...object, etag: normalizeEtag(object.etag) }
  const settled = settledByHead(facts, file.size)
  if (settled) return settled
  const shape = etagShape(facts.etag)
  if (shape.kind === 'md5' && options.partSize === undefined)
    return compareWithMd5(facts, file.size, await localEtag(file.path, file.size, undefined, options.signal))
  const partCount = shape.kind === 'multipart' ? shape.partCount : 1
  let candidates: number[]
  if (options.partSize !== undefined) candidates = [options.partSize]
  else {
    const hints = [
      ...(facts.firstPartSize !== undefined ? [facts.firstPartSize] : []),
      ...((await options.partSizeHints?.()) ?? []),
    ]
    candidates = partSizeCandidates(file.size, partCount, hints).slice(0, MAX_PART_SIZE_TRIES)
  }
  for (const partSize of candidates) {
    const local = await localEtag(file.path, file.size, partSize, options.signal)
    if (local === facts.etag)
      return {
        kind: 'equal',
        object: facts,
        how: { method: 'multipart-etag', localEtag: local, partSize, partCount },
      }
  }
  return {
    kind: 'different',
    object: facts,
    reason:
      candidates.length === 0
        ? { kind: 'no-part-size', partCount }
        : { kind: 'no-part-size-matches', partCount, tried: candidates },
  }
}

/**
 * HEADs the object and compares it with the file. A missing object is a verdict; any other
 * failure of the HEAD is thrown as a FerryError.
 */
export async function objectEqualsFile(
  client: S3Client,
  where: { bucket: string; key: string },
  file: LocalFile,
  options: CompareOptions = {},
): Promise<ObjectFileVerdict> {
  let facts: ObjectFacts
  try {
    facts = await headForVerify(client, where.bucket, where.key, options.customerKey)
  } catch (e) {
    const error = toFerryError(e, {
      ...where,
      protection: { write: false, customerKey: options.customerKey !== undefined },
    })
    if (failureFacts(e).status === 404) return { kind: 'missing', error }
    throw error
  }
  return compareObjectWithFile(facts, file, options)
}

/** How an upload result records an equal verdict (the same words as its own verification). */
export function verificationOf(verdict: EqualVerdict): Verification {
  const { object, how } = verdict
  return compareEtag(object.etag, object.size, how.localEtag, object.size).verification
}
