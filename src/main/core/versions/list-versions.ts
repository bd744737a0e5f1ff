// Every version and delete marker under a prefix (ListObjectVersions), page by page, in
// S3's order: by key, and for each key the newest first.
import { ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3'
import type { ObjectVersion } from '../../../shared/domain/versions'
import { MAX_LIST_PAGE } from '../../../shared/s3-limits'
import { retryLoop } from '../../s3/retrying'
import { toFerryError } from '../../s3/s3-errors'
import { stripQuotes } from '../../s3/head'

export interface VersionsPage {
  versions: ObjectVersion[]
  /** Folders directly under the prefix, when listed with a delimiter. */
  folders: string[]
  /** Both markers are needed to continue: S3 pages by key and by version id. */
  next?: { keyMarker: string; versionIdMarker?: string }
}

export async function listVersionsPage(
  client: S3Client,
  request: {
    bucket: string
    prefix: string
    keyMarker?: string | undefined
    versionIdMarker?: string | undefined
    maxKeys?: number
    /** "/" lists one folder level (versions of the objects in it, and its folders). */
    delimiter?: string
    signal?: AbortSignal | undefined
  },
): Promise<VersionsPage> {
  const { bucket, signal } = request
  let out
  try {
    out = await retryLoop(
      () =>
        client.send(
          new ListObjectVersionsCommand({
            Bucket: bucket,
            Prefix: request.prefix || undefined,
            KeyMarker: request.keyMarker,
            VersionIdMarker: request.versionIdMarker,
            Delimiter: request.delimiter,
            MaxKeys: request.maxKeys ?? MAX_LIST_PAGE,
          }),
          signal ? { abortSignal: signal } : {},
        ),
      { signal },
    )
  } catch (e) {
    throw toFerryError(e, { bucket })
  }
  const versions: ObjectVersion[] = []
  for (const v of out.Versions ?? []) {
    if (v.Key === undefined) continue
    versions.push({
      key: v.Key,
      versionId: v.VersionId ?? 'null',
      kind: 'version',
      latest: v.IsLatest === true,
      lastModified: v.LastModified?.toISOString() ?? '',
      size: v.Size ?? 0,
      etag: stripQuotes(v.ETag),
      ...(v.StorageClass ? { storageClass: v.StorageClass } : {}),
    })
  }
  for (const m of out.DeleteMarkers ?? []) {
    if (m.Key === undefined) continue
    versions.push({
      key: m.Key,
      versionId: m.VersionId ?? 'null',
      kind: 'delete-marker',
      latest: m.IsLatest === true,
      lastModified: m.LastModified?.toISOString() ?? '',
      size: 0,
      etag: '',
    })
  }
  // The XML holds versions and markers in one sequence; the SDK splits them: merge back.
  versions.sort(
    (a, b) =>
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
      Number(b.latest) - Number(a.latest) ||
      b.lastModified.localeCompare(a.lastModified),
  )
  const folders = (out.CommonPrefixes ?? []).flatMap((p) => (p.Prefix ? [p.Prefix] : []))
  const page: VersionsPage = { versions, folders }
  if (out.IsTruncated && out.NextKeyMarker !== undefined)
    page.next = {
      keyMarker: out.NextKeyMarker,
      ...(out.NextVersionIdMarker ? { versionIdMarker: out.NextVersionIdMarker } : {}),
    }
  return page
}

export async function* listVersions(
  client: S3Client,
  bucket: string,
  prefix: string,
  options: { signal?: AbortSignal } = {},
): AsyncGenerator<ObjectVersion> {
  let next: VersionsPage['next']
  do {
    const page = await listVersionsPage(client, {
      bucket,
      prefix,
      keyMarker: next?.keyMarker,
      versionIdMarker: next?.versionIdMarker,
      signal: options.signal,
    })
    yield* page.versions
    next = page.next
  } while (next)
}
