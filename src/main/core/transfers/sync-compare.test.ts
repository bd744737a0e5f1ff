import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { S3Client } from '@aws-sdk/client-s3'
import { afterAll, describe, expect, it } from 'vitest'
import { encodeMtime } from '../../../shared/mtime-meta'
import { planSync } from '../../../shared/sync-plan'
import { syncListings, type CompareContext, type SyncListings } from './sync-compare'
import { ObjectTimes } from './sync-object-times'
import type { LocalFile, RemoteObject } from './sync-listing'

const T = 1_733_500_000_000
const dir = mkdtempSync(join(tmpdir(), 'ferry-sync-compare-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A client that answers HEAD with the given x-amz-meta-mtime per key, and counts the HEADs. */
function headClient(mtimes: Record<string, number>) {
  const heads: string[] = []
  const client = {
    send: (command: { input: { Key: string } }) => {
      heads.push(command.input.Key)
      const ms = mtimes[command.input.Key]
      return Promise.resolve({
        LastModified: new Date(T + 3_600_000),
        Metadata: ms === undefined ? {} : { mtime: encodeMtime(ms) },
      })
    },
  }
  return { client: client as unknown as S3Client, heads }
}

const local = (relative: string, size: number, mtimeMs: number): LocalFile => ({
  relative,
  path: join(dir, relative),
  size,
  mtimeMs,
})
const remote = (relative: string, size: number, lastModified: number, etag = ''): RemoteObject => ({
  relative,
  key: `p/${relative}`,
  size,
  etag,
  lastModified,
})

const ctx = (
  client: S3Client,
  direction: 'upload' | 'download',
  compare: CompareContext['compare'] = 'size-mtime',
) =>
  ({
    client,
    bucket: 'b',
    direction,
    compare,
    partSizesFor: () => Promise.resolve([]),
  }) satisfies CompareContext

const planOf = (
  listings: SyncListings,
  direction: 'upload' | 'download',
  compare: CompareContext['compare'] = 'size-mtime',
) => planSync(listings.source, listings.destination, { direction, compare, delete: false })

describe('syncListings: what a listing cannot settle, and only that, costs a request', () => {
  it('upload: an unchanged tree needs no HEAD; a file dated after its object is HEADed', async () => {
    const files = Array.from({ length: 500 }, (_, i) => local(`f${i}`, i, T - 60_000))
    const objects = files.map((f) => remote(f.relative, f.size, T))
    files.push(local('edited', 5, T + 60_000), local('future', 5, T + 86_400_000))
    objects.push(remote('edited', 5, T), remote('future', 5, T))
    const { client, heads } = headClient({ 'p/edited': T - 60_000, 'p/future': T + 86_400_000 })
    const listings = await syncListings(files, objects, ctx(client, 'upload'))
    expect(heads.sort()).toEqual(['p/edited', 'p/future'])
    const plan = planOf(listings, 'upload')
    // Edited after it was stored: moved. Dated in the future but stored with that time: kept.
    expect(plan.transfers.map((t) => t.path)).toEqual(['edited'])
  })

  it('download: only a same-size file whose time is not the object’s Last-Modified is HEADed', async () => {
    const files = [
      local('as-aws-wrote-it', 3, T + 400),
      local('as-ferry-wrote-it', 3, T - 86_400_000),
      local('touched', 3, T + 5_000_000),
      local('other-size', 4, T - 86_400_000),
    ]
    const objects = [
      remote('as-aws-wrote-it', 3, T),
      remote('as-ferry-wrote-it', 3, T),
      remote('touched', 3, T),
      remote('other-size', 9, T),
      remote('missing', 1, T),
    ]
    const { client, heads } = headClient({
      'p/as-ferry-wrote-it': T - 86_400_000,
      'p/touched': T - 86_400_000,
    })
    const listings = await syncListings(files, objects, ctx(client, 'download'))
    expect(heads.sort()).toEqual(['p/as-ferry-wrote-it', 'p/touched'])
    const plan = planOf(listings, 'download')
    expect(plan.transfers.map((t) => [t.path, t.reason])).toEqual([
      ['missing', 'missing'],
      ['other-size', 'size'],
      ['touched', 'older'],
    ])
  })

  it('download: an object whose time an earlier sync read (same key and ETag) is not HEADed again', async () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'ferry-sync-compare-times-'))
    try {
      const times = await ObjectTimes.open(join(dir2, 't.json'), { endpoint: 'e', bucket: 'b', prefix: 'p/' })
      times.set('p/known', 'etag-1', T - 86_400_000)
      times.set('p/replaced', 'etag-old', T - 86_400_000)
      const files = [local('known', 3, T - 86_400_000), local('replaced', 3, T - 86_400_000)]
      const objects = [remote('known', 3, T, 'etag-1'), remote('replaced', 3, T, 'etag-2')]
      const { client, heads } = headClient({ 'p/replaced': T - 5_000 })
      const listings = await syncListings(files, objects, { ...ctx(client, 'download'), times })
      expect(heads).toEqual(['p/replaced'])
      expect(planOf(listings, 'download').transfers.map((t) => t.path)).toEqual(['replaced'])
      expect(times.get('p/replaced', 'etag-2')).toBe(T - 5_000)
    } finally {
      rmSync(dir2, { recursive: true, force: true })
    }
  })

  it('--checksum reads same-size files and compares their MD5 with a single-PUT ETag', async () => {
    writeFileSync(join(dir, 'same'), 'abc')
    writeFileSync(join(dir, 'changed'), 'xyz')
    const md5abc = '900150983cd24fb0d6963f7d28e17f72'
    const files = [local('same', 3, T), local('changed', 3, T)]
    const objects = [remote('same', 3, T, md5abc), remote('changed', 3, T, md5abc)]
    const { client, heads } = headClient({})
    const listings = await syncListings(files, objects, ctx(client, 'upload', 'checksum'))
    expect(listings.hashed).toBe(2)
    expect(heads).toEqual([])
    const plan = planOf(listings, 'upload', 'checksum')
    expect(plan.transfers.map((t) => [t.path, t.reason])).toEqual([['changed', 'content']])
  })
})
