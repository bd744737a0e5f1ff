// The two sides of `ferry sync SRC DST`: one a local folder, the other s3://BUCKET/PREFIX/, and
// which way the files move. Whether the local side exists is the caller's to check (this is
// pure); everything that can be told from the text alone is refused here, with the fix.
import { badInput, type FerryError } from './errors'
import { isS3Url, parseS3Url } from './s3-url'

export interface SyncEnds {
  /** 'upload': a local folder into S3; 'download': S3 into a local folder. */
  direction: 'upload' | 'download'
  /** The local folder, as given. */
  local: string
  bucket: string
  /** "" (the whole bucket) or ending in "/". */
  prefix: string
}

const EXAMPLE = 'e.g. ferry sync ./photos s3://my-bucket/photos/ (or the other way round to download)'

/** A URL of another scheme ("http://", "gs://", "S3://"): neither S3 for Ferry nor a folder. */
const OTHER_URL = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//

function notAnEnd(text: string): FerryError | undefined {
  if (isS3Url(text) || !OTHER_URL.test(text)) return undefined
  return badInput(
    `"${text}" is neither an s3:// location nor a local folder`,
    `Write the S3 side as s3://BUCKET/PREFIX/ (lowercase s3://) and the other as a folder path, ${EXAMPLE}.`,
  )
}

/** A prefix names a folder: "s3://b/photos" syncs photos/, never also photos-old/. */
const asFolder = (key: string): string => (key === '' || key.endsWith('/') ? key : `${key}/`)

export function syncEnds(source: string, destination: string): SyncEnds {
  for (const text of [source, destination]) {
    if (text.trim() === '') throw badInput('an empty path was given to sync', `Give two sides, ${EXAMPLE}.`)
    const error = notAnEnd(text)
    if (error) throw error
  }
  const s3Source = isS3Url(source)
  const s3Destination = isS3Url(destination)
  if (s3Source && s3Destination)
    throw badInput(
      'both sides are in S3; ferry sync copies between a local folder and S3',
      'Give a local folder as one side, or copy between buckets with ferry cp.',
    )
  if (!s3Source && !s3Destination)
    throw badInput(
      'both sides are local; ferry sync copies between a local folder and S3',
      `Give the S3 side as s3://BUCKET/PREFIX/, ${EXAMPLE}.`,
    )
  const remote = parseS3Url(s3Source ? source : destination)
  return {
    direction: s3Source ? 'download' : 'upload',
    local: s3Source ? destination : source,
    bucket: remote.bucket,
    prefix: asFolder(remote.key),
  }
}
