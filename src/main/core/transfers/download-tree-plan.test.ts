import { join } from 'node:path'
import type { S3Client } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { planTreeDownload } from './download-tree-plan'

/** A store that answers ListObjectsV2 from a map of bucket -> keys, two keys a page. */
function fakeStore(buckets: Record<string, Record<string, number>>): { client: S3Client; pages: number } {
  const state = { pages: 0 }
  const client = {
    send: async (command: { input: { Bucket: string; Prefix?: string; ContinuationToken?: string } }) => {
      state.pages++
      const { Bucket, Prefix = '', ContinuationToken } = command.input
      const keys = Object.keys(buckets[Bucket] ?? {})
        .filter((k) => k.startsWith(Prefix))
        .sort()
      const start = ContinuationToken ? Number(ContinuationToken) : 0
      const page = keys.slice(start, start + 2)
      const more = start + 2 < keys.length
      return {
        Contents: page.map((Key) => ({ Key, Size: buckets[Bucket]![Key], ETag: `"etag-${Key}"` })),
        IsTruncated: more,
        ...(more ? { NextContinuationToken: String(start + 2) } : {}),
      }
    },
  }
  return {
    client: client as unknown as S3Client,
    get pages() {
      return state.pages
    },
  }
}

const target = '/downloads/here'

describe('planTreeDownload', () => {
  it('lists every page and maps each key below the prefix into the folder', async () => {
    const store = fakeStore({ b: { 'p/a.txt': 1, 'p/sub/b.txt': 2, 'p/sub/c.txt': 3, 'p/z/': 0, 'q/x': 9 } })
    const plan = await planTreeDownload(store.client, {
      sources: [{ kind: 'prefix', bucket: 'b', prefix: 'p/' }],
      target,
      platform: 'linux',
    })
    expect(store.pages).toBe(2)
    expect(plan.files.map((f) => [f.key, f.path, f.etag])).toEqual([
      ['p/a.txt', join(target, 'a.txt'), 'etag-p/a.txt'],
      ['p/sub/b.txt', join(target, 'sub', 'b.txt'), 'etag-p/sub/b.txt'],
      ['p/sub/c.txt', join(target, 'sub', 'c.txt'), 'etag-p/sub/c.txt'],
    ])
    expect(plan.folderMarkers).toEqual([{ bucket: 'b', key: 'p/z/' }])
    expect(plan.bytes).toBe(6)
  })

  it('refuses keys that cannot be a file in the folder, one by one, and never maps outside it', async () => {
    const store = fakeStore({
      b: {
        'p/ok.txt': 1,
        'p/nul\0name': 1,
        'p/../up': 1,
        'p/a//b': 1,
        'p/both': 1,
        'p/both/inner': 1,
        [`p/${'x'.repeat(256)}`]: 1,
      },
    })
    const plan = await planTreeDownload(store.client, {
      sources: [{ kind: 'prefix', bucket: 'b', prefix: 'p/' }],
      target,
      platform: 'linux',
    })
    expect(plan.files.map((f) => f.key)).toEqual(['p/both/inner', 'p/ok.txt'])
    const problems = Object.fromEntries(plan.rejected.map((r) => [r.key, r.error.detail]))
    expect(problems).toEqual({
      'p/nul\0name': 'nul',
      'p/../up': 'dot-segment',
      'p/a//b': 'empty-segment',
      'p/both': 'file-and-folder',
      [`p/${'x'.repeat(256)}`]: 'name-too-long',
    })
    for (const f of plan.files) expect(f.path.startsWith(`${target}/`)).toBe(true)
  })

  it('filters by the path below the prefix, and counts what it left out', async () => {
    const store = fakeStore({ b: { 'p/a.jpg': 1, 'p/b.tmp': 1, 'p/cache/c.jpg': 1 } })
    const plan = await planTreeDownload(store.client, {
      sources: [{ kind: 'prefix', bucket: 'b', prefix: 'p/' }],
      target,
      rules: [
        { kind: 'exclude', pattern: '*.tmp' },
        { kind: 'exclude', pattern: 'cache/' },
      ],
      platform: 'linux',
    })
    expect(plan.files.map((f) => f.relative)).toEqual(['a.jpg'])
    expect(plan.excluded.map((e) => e.key)).toEqual(['p/b.tmp', 'p/cache/c.jpg'])
  })

  it('two sources that would write the same file: the second is refused, naming the first', async () => {
    const store = fakeStore({ b: { 'x/a.txt': 1, 'y/a.txt': 2, 'y/b.txt': 3, 'z/a.txt/deeper': 4 } })
    const plan = await planTreeDownload(store.client, {
      sources: [
        { kind: 'prefix', bucket: 'b', prefix: 'x/' },
        { kind: 'prefix', bucket: 'b', prefix: 'y/' },
        { kind: 'prefix', bucket: 'b', prefix: 'z/' },
      ],
      target,
      platform: 'linux',
    })
    expect(plan.files.map((f) => f.key)).toEqual(['x/a.txt', 'y/b.txt'])
    expect(plan.rejected.map((r) => [r.key, r.error.code])).toEqual([
      ['y/a.txt', 'key-conflict'],
      ['z/a.txt/deeper', 'key-conflict'],
    ])
    expect(plan.rejected[0]!.error.message).toContain('s3://b/x/a.txt')
  })

  it('a single object lands under its own name; a missing one or an empty prefix is an error with a fix', async () => {
    const store = fakeStore({ b: { 'p/one.txt': 1, 'p/one.txt.bak': 1 } })
    const plan = await planTreeDownload(store.client, {
      sources: [{ kind: 'object', bucket: 'b', key: 'p/one.txt' }],
      target,
      platform: 'linux',
    })
    expect(plan.files.map((f) => [f.key, f.path])).toEqual([['p/one.txt', join(target, 'one.txt')]])
    await expect(
      planTreeDownload(store.client, {
        sources: [{ kind: 'object', bucket: 'b', key: 'p/two.txt' }],
        target,
      }),
    ).rejects.toMatchObject({ code: 'object-missing', fix: expect.stringContaining('ferry ls s3://b/p/') })
    await expect(
      planTreeDownload(store.client, { sources: [{ kind: 'prefix', bucket: 'b', prefix: 'q/' }], target }),
    ).rejects.toMatchObject({
      code: 'not-found',
      message: 'nothing is stored under s3://b/q/',
      fix: expect.stringContaining('ferry ls s3://b/'),
    })
  })
})
