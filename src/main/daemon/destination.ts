// `ferry send`'s DEST: s3daemon's ALIAS/BUCKET/KEY (mc's form, so scripts written for
// s3daemon keep working) or s3://BUCKET/KEY. A key that is empty or ends in "/" is a folder:
// the file keeps its own name there, as cp does.
import { badInput } from '../../shared/errors'
import { MAX_KEY_BYTES } from '../../shared/s3-limits'
import { parseS3Url } from '../../shared/s3-url'

export interface Destination {
  /** The ALIAS part; absent for s3:// destinations. */
  alias?: string
  bucket: string
  key: string
}

const BUCKET_NAME = /^[A-Za-z0-9._-]+$/

function baseName(path: string): string {
  const parts = path.split(/[\\/]/)
  return parts[parts.length - 1] ?? ''
}

export function parseDestination(text: string, sourcePath: string): Destination {
  let dest: Destination
  if (text.startsWith('s3://')) dest = parseS3Url(text)
  else {
    const first = text.indexOf('/')
    const second = first < 0 ? -1 : text.indexOf('/', first + 1)
    if (first <= 0 || second < 0) {
      throw badInput(
        `"${text}" is not a destination`,
        'Write it as ALIAS/BUCKET/KEY (as for s3daemon and mc) or s3://BUCKET/KEY.',
      )
    }
    const bucket = text.slice(first + 1, second)
    if (!BUCKET_NAME.test(bucket)) {
      throw badInput(
        `"${bucket}" in "${text}" is not a bucket name`,
        'Write it as ALIAS/BUCKET/KEY; bucket names use letters, digits, ".", "-" and "_".',
      )
    }
    dest = { alias: text.slice(0, first), bucket, key: text.slice(second + 1) }
  }
  if (dest.key === '' || dest.key.endsWith('/')) dest.key += baseName(sourcePath)
  if (dest.key === '') throw badInput(`"${text}" names no key`, 'Add the key: ALIAS/BUCKET/KEY.')
  if (Buffer.byteLength(dest.key, 'utf8') > MAX_KEY_BYTES) {
    throw badInput(
      `the key is ${Buffer.byteLength(dest.key, 'utf8')} bytes long`,
      `S3 keys are at most ${MAX_KEY_BYTES} bytes (UTF-8); choose a shorter one.`,
    )
  }
  return dest
}
