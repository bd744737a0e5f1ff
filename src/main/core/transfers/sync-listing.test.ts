import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { S3Client } from '@aws-sdk/client-s3'
import { afterAll, describe, expect, it } from 'vitest'
import { filterRules } from '../../../shared/key-filter'
import type { SyncJob } from './sync'
import { runDeletions } from './sync-deletes'
import { downloadableObjects, listLocalTree, uploadableFiles } from './sync-listing'

const root = mkdtempSync(join(tmpdir(), 'ferry-sync-listing-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function tree(name: string, files: string[]): string {
  const folder = join(root, name)
  for (const f of files) {
    mkdirSync(join(folder, f, '..'), { recursive: true })
    writeFileSync(join(folder, f), f)
  }
  return folder
}

const paths = async (folder: string, rules = filterRules()) =>
  (await listLocalTree(folder, rules)).files.map((f) => f.relative)

describe('listLocalTree', () => {
  it('lists files by path below the folder and leaves every symbolic link out', async () => {
    const folder = tree('links', ['a.txt', 'dir/b.txt'])
    symlinkSync(join(folder, 'a.txt'), join(folder, 'to-file'))
    symlinkSync(join(folder, 'dir'), join(folder, 'to-dir'))
    symlinkSync('/etc', join(folder, 'dir', 'outside'))
    const listed = await listLocalTree(folder, [])
    expect(listed.files.map((f) => f.relative)).toEqual(['a.txt', 'dir/b.txt'])
    expect(listed.skippedLinks.sort()).toEqual(
      [join(folder, 'dir', 'outside'), join(folder, 'to-dir'), join(folder, 'to-file')].sort(),
    )
  })

  it('reads --exclude and --include as ferry get does: --include "*.jpg" alone keeps only those', async () => {
    const folder = tree('filters', ['a.jpg', 'a.txt', 'node_modules/x.jpg', 'photos/b.jpg', 'photos/c.png'])
    expect(await paths(folder, filterRules(['node_modules']))).toEqual([
      'a.jpg',
      'a.txt',
      'photos/b.jpg',
      'photos/c.png',
    ])
    expect(await paths(folder, filterRules([], ['*.jpg']))).toEqual([
      'a.jpg',
      'node_modules/x.jpg',
      'photos/b.jpg',
    ])
    expect(await paths(folder, filterRules(['*'], ['*.jpg']))).toEqual([
      'a.jpg',
      'node_modules/x.jpg',
      'photos/b.jpg',
    ])
  })
})

describe('the keys each side can hold', () => {
  it('refuses a file whose key S3 cannot take, one by one', () => {
    const long = 'x'.repeat(1100)
    const checked = uploadableFiles(
      [
        { relative: 'ok.txt', path: '/f/ok.txt', size: 1, mtimeMs: 1 },
        { relative: long, path: `/f/${long}`, size: 1, mtimeMs: 1 },
      ],
      'p/',
    )
    expect(checked.files.map((f) => f.relative)).toEqual(['ok.txt'])
    expect(checked.refused[0]!.error.message).toMatch(/over S3's limit of 1024/)
  })

  it('refuses an object whose key would leave the folder or collide, one by one', () => {
    const objects = ['p/ok.txt', 'p/../escape', 'p/a', 'p/a/b'].map((key) => ({
      relative: key.slice(2),
      key,
      size: 1,
      etag: '',
      lastModified: 0,
    }))
    const checked = downloadableObjects(objects, {
      bucket: 'b',
      prefix: 'p/',
      folder: '/tmp/x',
      platform: 'linux',
    })
    expect(checked.objects.map((o) => o.relative)).toEqual(['a/b', 'ok.txt'])
    expect(checked.refused.map((r) => [r.name, r.error.code])).toEqual([
      ['p/../escape', 'unsafe-key'],
      ['p/a', 'key-conflict'],
    ])
  })
})

describe('runDeletions in a folder', () => {
  it('deletes the files listed inside the folder and never a path outside it', async () => {
    const folder = tree('deletes', ['gone.txt', 'keep.txt'])
    const outside = tree('outside', ['victim.txt'])
    const job = {
      request: { direction: 'download', folder, bucket: 'b', prefix: '' },
      plan: {
        deletions: [
          { path: 'gone.txt', size: 8 },
          { path: '../outside/victim.txt', size: 10 },
        ],
      },
      remote: {},
    } as unknown as SyncJob
    const results: { path: string; code?: string }[] = []
    await runDeletions(job, {} as S3Client, (r) =>
      results.push({ path: r.path, ...(r.error ? { code: r.error.code } : {}) }),
    )
    expect(results).toEqual([{ path: 'gone.txt' }, { path: '../outside/victim.txt', code: 'internal' }])
    expect(existsSync(join(folder, 'gone.txt'))).toBe(false)
    expect(existsSync(join(folder, 'keep.txt'))).toBe(true)
    expect(existsSync(join(outside, 'victim.txt'))).toBe(true)
  })
})
