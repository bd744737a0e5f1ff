// "Verify against a local file" in the window: the same verdict as `ferry verify`, said in
// the inspector's words. The part sizes Ferry journaled are tried first.
import { stat } from 'node:fs/promises'
import type { S3Client } from '@aws-sdk/client-s3'
import type { FileComparison } from '../../shared/bridge/contract'
import { badInput, isFerryError } from '../../shared/errors'
import { formatBytes } from '../../shared/sizes'
import { objectEqualsFile } from '../s3/object-equals-file'
import { sourceError } from '../s3/source-file'

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
  const verdict = await objectEqualsFile(
    client,
    { bucket, key },
    { path: file, size },
    { partSizeHints: journaledPartSizes },
  )
  if (verdict.kind === 'missing') throw verdict.error
  const { etag } = verdict.object
  switch (verdict.kind) {
    case 'equal': {
      const { how } = verdict
      return {
        file,
        equal: true,
        detail:
          how.method === 'md5-etag'
            ? `the MD5 of the file equals the ETag ${etag}`
            : `the multipart ETag ${etag} matches the file in ${how.partCount} parts of ${formatBytes(how.partSize)}`,
      }
    }
    case 'cannot-tell':
      return {
        file,
        equal: null,
        detail: `the object's ETag "${etag}" is not an MD5 (encrypted, or a store without MD5 ETags), so its bytes cannot be compared`,
      }
    case 'different': {
      const why = verdict.reason
      const detail =
        why.kind === 'size'
          ? `the object has ${why.objectSize} bytes, the file ${why.fileSize}`
          : why.kind === 'md5'
            ? `the MD5 of the file is ${why.localEtag}, the object's ETag ${etag}`
            : why.kind === 'no-part-size'
              ? `no part size splits ${size} bytes into ${why.partCount} parts`
              : `no part size reproduces the ETag ${etag} (tried ${why.tried.map(formatBytes).join(', ')}): the contents differ, or the uploader used unusual part sizes`
      return { file, equal: false, detail }
    }
  }
}
