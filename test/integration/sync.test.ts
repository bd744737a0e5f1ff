// `ferry sync` against radosgw, both directions, as a person runs it: what moves and why, what
// never moves twice, what is deleted and only when asked, and bad input refused before any change.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeMetadata } from '../../src/shared/metadata'
import { encodeMtime } from '../../src/shared/mtime-meta'
import { freshBucket, testClient } from '../support/s3'
import {
  cliEnv,
  digestsOf,
  folderContents,
  keysUnder,
  prefixContents,
  setMtime,
  syncJson,
} from './sync-support'
import { MiB, runFerry, tempDir, writeRandomFile } from './upload-support'

const s3 = testClient()
const tmp = tempDir('sync')
let bucket: string
let env: NodeJS.ProcessEnv

beforeAll(async () => {
  bucket = await freshBucket(s3, 'sync')
  env = cliEnv(join(tmp.dir, 'state'))
})
afterAll(() => tmp.cleanup())

const put = (key: string, body: string | Buffer) =>
  s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))

describe('ferry sync FOLDER s3://BUCKET/PREFIX/', () => {
  const folder = join(tmp.dir, 'up')
  const url = () => `s3://${bucket}/up/`
  const equalTrees = async () =>
    expect(digestsOf(await prefixContents(s3, bucket, 'up/'))).toEqual(digestsOf(folderContents(folder)))

  beforeAll(() => {
    mkdirSync(join(folder, 'dir', 'sub'), { recursive: true })
    writeFileSync(join(folder, 'a.txt'), 'alpha')
    writeRandomFile(join(folder, 'dir', 'b.bin'), 100_000)
    writeRandomFile(join(folder, 'dir', 'sub', 'c.bin'), 17 * MiB + 7)
  })

  it('uploads every file the first time, each with its mtime, and nothing the second', async () => {
    const first = await syncJson([folder, url(), '--part-size', '5MiB'], env)
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.moved).toEqual(['a.txt', 'dir/b.bin', 'dir/sub/c.bin'])
    expect(first.summary).toEqual({
      event: 'summary',
      uploaded: 3,
      downloaded: 0,
      skipped: 0,
      deleted: 0,
      failed: 0,
      bytes: 5 + 100_000 + 17 * MiB + 7,
    })
    await equalTrees()
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'up/dir/sub/c.bin' }))
    expect(head.ETag).toMatch(/-4"$/)
    expect(decodeMetadata(head.Metadata)).toEqual({
      mtime: encodeMtime(statSync(join(folder, 'dir', 'sub', 'c.bin')).mtimeMs),
    })

    const second = await syncJson([folder, url()], env)
    expect(second.code).toBe(0)
    expect(second.moved).toEqual([])
    expect(second.summary).toMatchObject({ uploaded: 0, skipped: 3, bytes: 0 })
  })

  it('moves only the file whose size, content or time changed', async () => {
    writeFileSync(join(folder, 'a.txt'), 'alpha, longer')
    expect((await syncJson([folder, url()], env)).moved).toEqual(['a.txt'])

    // Same bytes, another time: moved (its x-amz-meta-mtime, read by one HEAD, differs).
    setMtime(join(folder, 'dir', 'b.bin'), Date.now() + 60_000)
    expect((await syncJson([folder, url()], env)).moved).toEqual(['dir/b.bin'])

    writeRandomFile(join(folder, 'dir', 'b.bin'), 100_000)
    setMtime(join(folder, 'dir', 'b.bin'), Date.now() + 120_000)
    const changed = await syncJson([folder, url()], env)
    expect(changed.moved).toEqual(['dir/b.bin'])
    expect(changed.summary).toMatchObject({ uploaded: 1, skipped: 2, bytes: 100_000 })
    await equalTrees()
    // Dated in the future, it is still current once stored: not uploaded at every run.
    expect((await syncJson([folder, url()], env)).moved).toEqual([])
  })

  it('--checksum finds new content of the same size and time that the default keeps', async () => {
    const path = join(folder, 'dir', 'b.bin')
    const before = statSync(path).mtimeMs
    writeRandomFile(path, 100_000)
    setMtime(path, before)
    expect((await syncJson([folder, url()], env)).moved).toEqual([])
    const checked = await syncJson([folder, url(), '--checksum'], env)
    expect(checked.moved).toEqual(['dir/b.bin'])
    await equalTrees()
    // The multipart object is compared by its ETag too, with the part size its journal kept.
    expect((await syncJson([folder, url(), '--checksum'], env)).moved).toEqual([])
  })

  it('--dry-run lists each file and deletion and why, and changes nothing', async () => {
    await put('up/extra.txt', 'only remote')
    writeFileSync(join(folder, 'new.txt'), 'new')
    const keysBefore = await keysUnder(s3, bucket, 'up/')
    const r = await runFerry(['sync', folder, url(), '--delete', '--dry-run'], env)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(
      `would upload  ${join(folder, 'new.txt')} -> s3://${bucket}/up/new.txt  3 B  (not at the destination)`,
    )
    expect(r.stdout).toContain(`would delete  s3://${bucket}/up/extra.txt`)
    expect(r.stdout).toContain(
      'dry run: 1 file to upload (3 B), 3 unchanged, 1 file to delete (11 B); nothing was changed',
    )
    expect(await keysUnder(s3, bucket, 'up/')).toEqual(keysBefore)
  })

  it('deletes what the folder lacks only with --delete, and never past --max-delete', async () => {
    const plain = await syncJson([folder, url()], env)
    expect(plain.moved).toEqual(['new.txt'])
    expect(await keysUnder(s3, bucket, 'up/')).toContain('up/extra.txt')

    await put('up/extra2.txt', 'also only remote')
    const refused = await runFerry(['sync', folder, url(), '--delete', '--max-delete', '1'], env)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(
      /would delete 2 files at the destination, more than --max-delete 1 allows; nothing was changed\. Fix: .*--max-delete 2/,
    )
    expect(await keysUnder(s3, bucket, 'up/')).toContain('up/extra2.txt')

    const deleting = await syncJson([folder, url(), '--delete', '--max-delete', '2'], env)
    expect(deleting.code).toBe(0)
    expect(deleting.deleted).toEqual(['extra.txt', 'extra2.txt'])
    expect(deleting.summary).toMatchObject({ uploaded: 0, deleted: 2, failed: 0 })
    await equalTrees()
  })
})

describe('ferry sync s3://BUCKET/PREFIX/ FOLDER', () => {
  const folder = join(tmp.dir, 'down')
  const url = () => `s3://${bucket}/down/`
  const equalTrees = async () =>
    expect(digestsOf(folderContents(folder))).toEqual(digestsOf(await prefixContents(s3, bucket, 'down/')))
  const source = join(tmp.dir, 'down-source')

  beforeAll(async () => {
    // Two objects uploaded by Ferry (x-amz-meta-mtime), two by a plain PUT (Last-Modified only).
    mkdirSync(join(source, 'deep'), { recursive: true })
    writeRandomFile(join(source, 'big.bin'), 11 * MiB)
    writeFileSync(join(source, 'deep', 'note.txt'), 'from ferry')
    setMtime(join(source, 'deep', 'note.txt'), Date.parse('2020-02-02T02:02:02.250Z'))
    const up = await runFerry(['upload', `${source}/`, url()], env)
    expect(up.code).toBe(0)
    await put('down/plain.txt', 'plain put')
    await put('down/deep/er/plain2.txt', 'plain put 2')
  })

  it('downloads every object the first time, with the file times the objects carry, and nothing the second', async () => {
    const first = await syncJson([url(), folder], env)
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.moved).toEqual(['big.bin', 'deep/er/plain2.txt', 'deep/note.txt', 'plain.txt'])
    expect(first.summary).toMatchObject({ downloaded: 4, uploaded: 0, skipped: 0, failed: 0 })
    await equalTrees()
    expect(statSync(join(folder, 'deep', 'note.txt')).mtimeMs).toBe(Date.parse('2020-02-02T02:02:02.250Z'))
    const plainHead = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'down/plain.txt' }))
    expect(statSync(join(folder, 'plain.txt')).mtimeMs).toBe(plainHead.LastModified!.getTime())
    // Its set is marked a sync's: its files are what the plan chose, so only the same sync
    // continues it (the app's start does not take it up as a folder download).
    const sets = join(tmp.dir, 'state', 'transfers', 'download-sets')
    const headers = readdirSync(sets).map((n) =>
      JSON.parse(readFileSync(join(sets, n), 'utf8').split('\n')[0]!),
    )
    expect(headers.filter((h: { target: string }) => h.target === folder)).toMatchObject([{ sync: true }])

    const second = await syncJson([url(), folder], env)
    expect(second.moved).toEqual([])
    expect(second.summary).toMatchObject({ downloaded: 0, skipped: 4, bytes: 0 })
  })

  it('moves only the object whose size or time differs', async () => {
    await put('down/plain.txt', 'plain put, changed')
    expect((await syncJson([url(), folder], env)).moved).toEqual(['plain.txt'])

    setMtime(join(folder, 'deep', 'note.txt'), Date.now())
    const touched = await syncJson([url(), folder], env)
    expect(touched.moved).toEqual(['deep/note.txt'])
    expect(statSync(join(folder, 'deep', 'note.txt')).mtimeMs).toBe(Date.parse('2020-02-02T02:02:02.250Z'))
    await equalTrees()
  })

  it('--checksum finds a file of the same size and time whose content differs', async () => {
    const path = join(folder, 'deep', 'note.txt')
    const before = statSync(path).mtimeMs
    writeFileSync(path, 'FROM FERRY')
    setMtime(path, before)
    expect((await syncJson([url(), folder], env)).moved).toEqual([])
    expect((await syncJson([url(), folder, '--checksum'], env)).moved).toEqual(['deep/note.txt'])
    await equalTrees()
    expect((await syncJson([url(), folder, '--checksum'], env)).moved).toEqual([])
  })

  it('--dry-run changes nothing; --delete removes local extras only with the flag and within --max-delete', async () => {
    writeFileSync(join(folder, 'local-only.txt'), 'mine')
    mkdirSync(join(folder, 'extra'), { recursive: true })
    writeFileSync(join(folder, 'extra', 'two.txt'), 'mine too')
    const before = digestsOf(folderContents(folder))
    const dry = await runFerry(['sync', url(), folder, '--delete', '--dry-run'], env)
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain(`would delete  ${join(folder, 'local-only.txt')}`)
    expect(dry.stdout).toContain('0 files to download (0 B), 4 unchanged, 2 files to delete (12 B)')
    expect(digestsOf(folderContents(folder))).toEqual(before)

    expect((await syncJson([url(), folder], env)).deleted).toEqual([])
    const refused = await runFerry(['sync', url(), folder, '--delete', '--max-delete', '1'], env)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/more than --max-delete 1 allows; nothing was changed/)
    expect(digestsOf(folderContents(folder))).toEqual(before)

    const deleting = await syncJson([url(), folder, '--delete'], env)
    expect(deleting.deleted).toEqual(['extra/two.txt', 'local-only.txt'])
    await equalTrees()
  })
})

describe('bad input is refused before any change, exit 2, with the fix', () => {
  it.each([
    [['/no/such/folder', 's3://b/p/'], /the source folder \/no\/such\/folder does not exist\. Fix: /],
    [['./a', './b'], /both sides are local; .*Fix: Give the S3 side as s3:\/\/BUCKET\/PREFIX\//],
    [['s3://a/x/', 's3://b/y/'], /both sides are in S3; .*Fix: .*ferry cp/],
    [['.', 'gs://bucket/x'], /"gs:\/\/bucket\/x" is neither an s3:\/\/ location nor a local folder\. Fix: /],
    [['only-one'], /sync takes two sides.*Fix: usage is ferry sync/],
    [['.', 's3://b/p/', '--max-delete', '3'], /--max-delete limits --delete, which was not given/],
  ])('ferry sync %j', async (args, message) => {
    const r = await runFerry(['sync', ...args], env)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stdout).toBe('')
  })

  it('a file where a folder is needed, on either side', async () => {
    const file = join(tmp.dir, 'plain-file.txt')
    writeFileSync(file, 'x')
    const up = await runFerry(['sync', file, `s3://${bucket}/x/`], env)
    expect(up.code).toBe(2)
    expect(up.stderr).toMatch(/is a file; ferry sync copies a folder\. Fix: .*ferry upload/)
    const down = await runFerry(['sync', `s3://${bucket}/down/`, file], env)
    expect(down.code).toBe(2)
    expect(down.stderr).toMatch(/is a file, not a folder to sync into/)
  })

  it('a prefix that holds nothing, rather than an empty source that --delete would mirror', async () => {
    const folder = join(tmp.dir, 'keep-me')
    mkdirSync(folder)
    writeFileSync(join(folder, 'precious.txt'), 'keep')
    const r = await runFerry(['sync', `s3://${bucket}/no-such-prefix/`, folder, '--delete'], env)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /nothing is stored under s3:\/\/.*\/no-such-prefix\/, so there is nothing to sync\. Fix: Check the prefix with ferry ls/,
    )
    expect(folderContents(folder).has('precious.txt')).toBe(true)
  })
})
