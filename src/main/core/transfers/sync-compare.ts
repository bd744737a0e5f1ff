// The two listings as planSync reads them (src/shared/sync-plan.ts), with the few requests and
// reads that settle what a listing cannot:
// - Upload: an object's Last-Modified stands for its time (mtimeIsUploadTime), as aws s3 sync
//   decides, so an unchanged tree of 10,000 files costs ten list requests and no HEAD. Only a
//   same-size file dated after its object was stored is HEADed: it was edited since (one HEAD
//   before an upload), or its time is in the future (clock skew, an archive's dates), which
//   without its x-amz-meta-mtime would upload it again at every run.
// - Download: the object's own time is its x-amz-meta-mtime, which only a HEAD shows. A file
//   Ferry (or aws-cli) wrote has the object's time already: a file whose time equals the
//   object's Last-Modified, or whose size differs, needs no HEAD; only a same-size file with
//   another time is HEADed, many at once.
// - --checksum: each same-size pair is compared by content, the file read once (twice at most
//   for a multipart ETag whose part size Ferry's journals do not know).
import type { CustomerKey } from '../../../shared/encryption'
import { customerKeyParams } from '../../s3/customer-key'
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { decodeMetadata } from '../../../shared/metadata'
import { objectMtime, type ObjectMtime } from '../../../shared/mtime-meta'
import {
  compareDigests,
  MTIME_WINDOW_MS,
  type ContentDigest,
  type SyncEntry,
  type SyncOptions,
} from '../../../shared/sync-plan'
import { etagShape } from '../../s3/digests'
import { compareObjectWithFile } from '../../s3/object-equals-file'
import { runPool } from '../../s3/pool'
import { retryLoop } from '../../s3/retrying'
import { localEtag } from '../../s3/verify'
import type { LocalFile, RemoteObject } from './sync-listing'
import type { ObjectTimes } from './sync-object-times'

/** HEADs in flight at once: small requests, so many; S3 takes 5,500 a second per prefix. */
const HEADS_AT_ONCE = 32
/** Files hashed at once for --checksum: the disk and the CPU, not the network, are the limit. */
const HASHES_AT_ONCE = 4

export interface CompareContext {
  client: S3Client
  bucket: string
  direction: SyncOptions['direction']
  compare: SyncOptions['compare']
  /** Part sizes Ferry's journals recorded for a key (for multipart ETags). */
  partSizesFor(key: string): Promise<readonly number[]>
  /** Objects' times read before, by key and ETag: no HEAD for those. */
  times?: ObjectTimes
  /** The objects' SSE-C key: their HEADs need it. */
  customerKey?: CustomerKey
  signal?: AbortSignal
}

export interface SyncListings {
  source: SyncEntry[]
  destination: SyncEntry[]
  /** HEAD requests made to read x-amz-meta-mtime. */
  heads: number
  /** Files read whole for --checksum. */
  hashed: number
}

interface Pair {
  local: LocalFile
  remote: RemoteObject
  localEntry: SyncEntry
  remoteEntry: SyncEntry
}

const remoteTime = (o: RemoteObject): number => (Number.isFinite(o.lastModified) ? o.lastModified : 0)

/** The digests of one same-size pair, as the file and the object's ETag give them. */
async function pairDigests(
  pair: Pair,
  ctx: CompareContext,
): Promise<{ local: ContentDigest; remote: ContentDigest }> {
  const { local, remote } = pair
  const shape = etagShape(remote.etag)
  if (shape.kind === 'opaque')
    return {
      local: { kind: 'md5', hex: await localEtag(local.path, local.size, undefined, ctx.signal) },
      remote: {
        kind: 'opaque',
        reason: 'the ETag is not an MD5 of the bytes (an encrypted object, or the store’s own scheme)',
      },
    }
  if (shape.kind === 'md5') {
    const hex = await localEtag(local.path, local.size, undefined, ctx.signal)
    return { local: { kind: 'md5', hex }, remote: { kind: 'md5', hex: shape.hex } }
  }
  // The part size Ferry uploaded it with, when a journal knows: one read settles it either way.
  const journaled = (await ctx.partSizesFor(remote.key)).find(
    (ps) => ps > 0 && Math.ceil(local.size / ps) === shape.partCount,
  )
  if (journaled !== undefined) {
    const etag = await localEtag(local.path, local.size, journaled, ctx.signal)
    return {
      local: { kind: 'multipart', etag, partSize: journaled },
      remote: { kind: 'multipart', etag: remote.etag, partSize: journaled },
    }
  }
  const verdict = await compareObjectWithFile(
    { etag: remote.etag, size: remote.size },
    { path: local.path, size: local.size },
    ctx.signal ? { signal: ctx.signal } : {},
  )
  if (verdict.kind === 'equal' && verdict.how.method === 'multipart-etag') {
    const same = { kind: 'multipart' as const, etag: remote.etag, partSize: verdict.how.partSize }
    return { local: same, remote: same }
  }
  // No common part size tried reproduces it: another tool's part size, or other bytes.
  return {
    local: { kind: 'multipart', etag: '' },
    remote: { kind: 'multipart', etag: remote.etag },
  }
}

/** Reads x-amz-meta-mtime; a HEAD that fails leaves Last-Modified to decide (a transfer). */
async function headTime(ctx: CompareContext, key: string): Promise<ObjectMtime | undefined> {
  try {
    const out = await retryLoop(
      (signal) =>
        ctx.client.send(
          new HeadObjectCommand({
            Bucket: ctx.bucket,
            Key: key,
            ...(ctx.customerKey ? customerKeyParams(ctx.customerKey) : {}),
          }),
          signal ? { abortSignal: signal } : {},
        ),
      { signal: ctx.signal },
    )
    return objectMtime(decodeMetadata(out.Metadata), out.LastModified)
  } catch {
    return undefined
  }
}

export async function syncListings(
  localFiles: readonly LocalFile[],
  remoteObjects: readonly RemoteObject[],
  ctx: CompareContext,
): Promise<SyncListings> {
  const upload = ctx.direction === 'upload'
  const locals = new Map<string, SyncEntry>()
  const pairs: Pair[] = []
  const localEntries = localFiles.map((f) => {
    const entry: SyncEntry = { path: f.relative, size: f.size, mtimeMs: f.mtimeMs }
    locals.set(f.relative, entry)
    return entry
  })
  const byPath = new Map(localFiles.map((f) => [f.relative, f]))
  const remoteEntries = remoteObjects.map((o) => {
    const entry: SyncEntry = { path: o.relative, size: o.size, mtimeMs: remoteTime(o) }
    if (upload) entry.mtimeIsUploadTime = true
    const local = byPath.get(o.relative)
    if (local && local.size === o.size)
      pairs.push({ local, remote: o, localEntry: locals.get(o.relative)!, remoteEntry: entry })
    return entry
  })

  let hashed = 0
  const undecided = new Set<Pair>()
  if (ctx.compare === 'checksum') {
    await runPool(pairs, HASHES_AT_ONCE, async (pair) => {
      const digests = await pairDigests(pair, ctx)
      hashed++
      pair.localEntry.digest = digests.local
      pair.remoteEntry.digest = digests.remote
      if (compareDigests(digests.local, digests.remote).kind === 'unknown') undecided.add(pair)
    })
  } else for (const pair of pairs) undecided.add(pair)

  let heads = 0
  const toHead = [...undecided].filter((p) => {
    const delta = p.local.mtimeMs - remoteTime(p.remote)
    return upload ? delta >= MTIME_WINDOW_MS : Math.abs(delta) >= MTIME_WINDOW_MS
  })
  const settle = (pair: Pair, ms: number) => {
    pair.remoteEntry.mtimeMs = ms
    delete pair.remoteEntry.mtimeIsUploadTime
  }
  const unknown = toHead.filter((pair) => {
    const known = ctx.times?.get(pair.remote.key, pair.remote.etag)
    if (known !== undefined) settle(pair, known)
    return known === undefined
  })
  await runPool(unknown, HEADS_AT_ONCE, async (pair) => {
    heads++
    const time = await headTime(ctx, pair.remote.key)
    if (time === undefined || (upload && time.from !== 'metadata')) return
    settle(pair, time.ms)
    ctx.times?.set(pair.remote.key, pair.remote.etag, time.ms)
  })
  return upload
    ? { source: localEntries, destination: remoteEntries, heads, hashed }
    : { source: remoteEntries, destination: localEntries, heads, hashed }
}
