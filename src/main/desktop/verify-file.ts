// "Verify against a local file" in the window: the same comparison as `ferry verify`. The
// object's ETag is an MD5 of the bytes (or of its parts' MD5s), so the file is hashed the
// way the uploader must have split it; the part sizes Ferry journaled are tried first.
import { stat } from 'node:fs/promises'
import type { S3Client } from '@aws-sdk/client-s3'
import type { FileComparison } from '../../shared/bridge/contract'
import { badInput, isFerryError } from '../../shared/errors'
import { formatBytes } from '../../shared/sizes'
import { toFerryError } from '../s3/s3-errors'
import { etagShape } from '../s3/digests'
import { sourceError } from '../s3/source-file'
import { headForVerify, localEtag, partSizeCandidates } from '../s3/verify'

/** Each candidate part size costs a full read of the file; the likely ones come first. */
const MAX_TRIES = 4

export async function compareFileWithObject(
  client: S3Client,
  file: string,
  bucket: string,
  key: string,
  journaledPartSizes: () => Promise<number[]>,
): Promise<FileComparison> {
  let size: number
  try {
    const s = await stat(file)
    if (!s.isFile()) throw badInput(`${file} is not a file`, 'Pick a regular file.')
    size = s.size
  } catch (e) {
    throw isFerryError(e) ? e : sourceError(e, file)
  }
  let facts
  try {
    facts = await headForVerify(client, bucket, key)
  } catch (e) {
    throw toFerryError(e, { bucket, key })
  }
  if (facts.size !== size) {
    return { file, equal: false, detail: `the object has ${facts.size} bytes, the file ${size}` }
  }
  const shape = etagShape(facts.etag)
  if (shape.kind === 'opaque') {
    return {
      file,
      equal: null,
      detail: `the object's ETag "${facts.etag}" is not an MD5 (encrypted, or a store without MD5 ETags), so its bytes cannot be compared`,
    }
  }
  if (shape.kind === 'md5') {
    const local = await localEtag(file, size, undefined)
    return local === facts.etag
      ? { file, equal: true, detail: `the MD5 of the file equals the ETag ${facts.etag}` }
      : { file, equal: false, detail: `the MD5 of the file is ${local}, the object's ETag ${facts.etag}` }
  }
  const hints = [
    ...(facts.firstPartSize !== undefined ? [facts.firstPartSize] : []),
    ...(await journaledPartSizes()),
  ]
  const candidates = partSizeCandidates(size, shape.partCount, hints).slice(0, MAX_TRIES)
  for (const partSize of candidates) {
    if ((await localEtag(file, size, partSize)) === facts.etag) {
      return {
        file,
        equal: true,
        detail: `the multipart ETag ${facts.etag} matches the file in ${shape.partCount} parts of ${formatBytes(partSize)}`,
      }
    }
  }
  return {
    file,
    equal: false,
    detail:
      candidates.length === 0
        ? `no part size splits ${size} bytes into ${shape.partCount} parts`
        : `no part size reproduces the ETag ${facts.etag} (tried ${candidates.map(formatBytes).join(', ')}): the contents differ, or the uploader used unusual part sizes`,
  }
}
