import { ListBucketsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3'
import type { BucketSummary, ListEntry, ListObjectsPage } from '../../../shared/domain/objects'
import { MAX_LIST_PAGE } from '../../../shared/s3-limits'
import { toFerryError } from '../../s3/s3-errors'
import { retryLoop } from '../../s3/retrying'

export async function listBuckets(client: S3Client): Promise<BucketSummary[]> {
  try {
    const out = await client.send(new ListBucketsCommand({}))
    return (out.Buckets ?? [])
      .filter((b) => b.Name)
      .map((b) => ({ name: b.Name!, ...(b.CreationDate ? { created: b.CreationDate.toISOString() } : {}) }))
  } catch (e) {
    throw toFerryError(e)
  }
}

/** One page of a folder view: common prefixes as folders, then objects. */
export async function listObjectsPage(
  client: S3Client,
  request: {
    bucket: string
    prefix: string
    continuationToken?: string | undefined
    delimiter?: string
    maxKeys?: number
  },
): Promise<ListObjectsPage> {
  try {
    const out = await client.send(
      new ListObjectsV2Command({
        Bucket: request.bucket,
        Prefix: request.prefix || undefined,
        // '' lists every key under the prefix (no folders).
        Delimiter: request.delimiter === '' ? undefined : (request.delimiter ?? '/'),
        ContinuationToken: request.continuationToken,
        MaxKeys: request.maxKeys,
      }),
    )
    const entries: ListEntry[] = []
    for (const p of out.CommonPrefixes ?? []) if (p.Prefix) entries.push({ kind: 'prefix', prefix: p.Prefix })
    for (const o of out.Contents ?? []) {
      if (!o.Key || o.Key === request.prefix) continue
      entries.push({
        kind: 'object',
        key: o.Key,
        size: o.Size ?? 0,
        lastModified: o.LastModified?.toISOString() ?? '',
        storageClass: o.StorageClass ?? 'STANDARD',
        etag: (o.ETag ?? '').replaceAll('"', ''),
      })
    }
    return out.IsTruncated && out.NextContinuationToken
      ? { entries, nextToken: out.NextContinuationToken }
      : { entries }
  } catch (e) {
    throw toFerryError(e, { bucket: request.bucket })
  }
}

export interface ListedObject {
  key: string
  size: number
  /** Without quotes; '' when the store gave none. */
  etag: string
  lastModified?: Date
}

/** Every key under a prefix (no delimiter), page by page; transient failures are retried. */
export async function* listKeys(
  client: S3Client,
  bucket: string,
  prefix: string,
  options: {
    signal?: AbortSignal
    /** Each page as it arrives, before its keys are yielded; `last` when no page follows. */
    onPage?: (page: { objects: number; bytes: number; last: boolean }) => void
  } = {},
): AsyncGenerator<ListedObject> {
  let token: string | undefined
  do {
    let out
    try {
      out = await retryLoop(
        () =>
          client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: prefix || undefined,
              ContinuationToken: token,
              MaxKeys: MAX_LIST_PAGE,
            }),
            options.signal ? { abortSignal: options.signal } : {},
          ),
        { signal: options.signal },
      )
    } catch (e) {
      throw toFerryError(e, { bucket })
    }
    if (options.onPage) {
      const contents = (out.Contents ?? []).filter((o) => o.Key !== undefined)
      const bytes = contents.reduce((n, o) => n + (o.Size ?? 0), 0)
      options.onPage({
        objects: contents.length,
        bytes,
        last: !(out.IsTruncated && out.NextContinuationToken),
      })
    }
    for (const o of out.Contents ?? []) {
      if (o.Key === undefined) continue
      const listed: ListedObject = { key: o.Key, size: o.Size ?? 0, etag: (o.ETag ?? '').replaceAll('"', '') }
      if (o.LastModified) listed.lastModified = o.LastModified
      yield listed
    }
    token = out.IsTruncated ? out.NextContinuationToken : undefined
  } while (token)
}
