// Where an object is: s3://BUCKET/KEY, or a bare KEY in the default bucket (the seed
// connector's default_bucket).
import { badInput } from '../../../shared/errors'
import { isS3Url, parseS3Url, type S3Location } from '../../../shared/s3-url'

export function resolveLocation(text: string, defaultBucket?: string): S3Location {
  if (isS3Url(text)) return parseS3Url(text)
  if (defaultBucket) return { bucket: defaultBucket, key: text }
  throw badInput(
    `"${text}" is not an S3 location`,
    'Write it as s3://BUCKET/KEY, or give a default bucket with --bucket NAME or FERRY_BUCKET.',
  )
}

/** An object, not a bucket or a folder. */
export function resolveObject(text: string, defaultBucket?: string): S3Location {
  const location = resolveLocation(text, defaultBucket)
  if (location.key === '' || location.key.endsWith('/')) {
    throw badInput(
      `"${text}" names a bucket or a folder, not an object`,
      'Add the object key, e.g. s3://BUCKET/path/file.txt.',
    )
  }
  return location
}

/** The last segment of a key: the file name a download or a copy into a folder uses. */
export function keyBaseName(key: string): string {
  return (
    key
      .split('/')
      .filter((s) => s !== '')
      .pop() ?? ''
  )
}
