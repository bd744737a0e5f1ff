// Uploads through the manager and the engine process against radosgw, read back byte for byte.
import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TransferManager } from '../../src/main/core/transfers/transfer-manager'
import { decodeMetadata } from '../../src/shared/metadata'
import { encodeMtime } from '../../src/shared/mtime-meta'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { MiB, openUploads, readObject, tempDir, testManager, writeRandomFile } from './upload-support'

describe('uploads round trip', () => {
  const s3 = testClient()
  const tmp = tempDir('roundtrip')
  let manager: TransferManager
  let bucket: string

  beforeAll(async () => {
    manager = testManager(join(tmp.dir, 'state', 'transfers')).manager
    bucket = await freshBucket(s3, 'rt')
  })
  afterAll(async () => {
    await manager.close()
    tmp.cleanup()
  })

  const upload = async (path: string, extra: Partial<Parameters<TransferManager['upload']>[0]> = {}) => {
    const [summary] = await manager.upload({ connection: testConnection(), bucket, paths: [path], ...extra })
    return manager.waitFor(summary!.id)
  }

  it('sends a small file in one PUT with guessed type, headers and non-ASCII metadata', async () => {
    const path = join(tmp.dir, 'notes.txt')
    const bytes = writeRandomFile(path, 70_000)
    const result = await upload(path, {
      key: 'docs/notes.txt',
      headers: {
        cacheControl: 'max-age=60',
        contentDisposition: 'attachment; filename="notes.txt"',
        storageClass: 'STANDARD',
        metadata: { author: 'Zoë Ångström', plain: 'ascii', 'x-note': '雪 ❄' },
      },
    })
    expect(result.summary.state).toBe('done')
    expect(result.outcome).toMatchObject({ partsUploaded: 1, partsReused: 0, skipped: false })
    expect(result.summary.verification).toMatchObject({ verified: true, method: 'md5' })
    expect((await readObject(s3, bucket, 'docs/notes.txt')).equals(bytes)).toBe(true)
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'docs/notes.txt' }))
    expect(head.ContentType).toBe('text/plain')
    expect(head.CacheControl).toBe('max-age=60')
    expect(head.ContentDisposition).toBe('attachment; filename="notes.txt"')
    expect(decodeMetadata(head.Metadata)).toEqual({
      author: 'Zoë Ångström',
      plain: 'ascii',
      'x-note': '雪 ❄',
      mtime: encodeMtime(statSync(path).mtimeMs),
    })
  })

  it('sends a large file in parts and proves it by the multipart ETag', async () => {
    const path = join(tmp.dir, 'big.bin')
    const bytes = writeRandomFile(path, 23 * MiB + 12_345)
    const result = await upload(path, { key: 'big.bin', partSize: 5 * MiB, concurrency: 3 })
    expect(result.summary.state).toBe('done')
    expect(result.outcome).toMatchObject({ partsUploaded: 5, partsReused: 0, bytes: bytes.length })
    expect(result.summary.verification).toMatchObject({ verified: true, method: 'multipart-etag' })
    expect(result.outcome!.etag).toMatch(/^[0-9a-f]{32}-5$/)
    expect((await readObject(s3, bucket, 'big.bin')).equals(bytes)).toBe(true)
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big.bin' }))
    expect(head.ContentType).toBe('application/octet-stream')
    expect(await openUploads(s3, bucket)).toEqual([])
  })

  it('uploads a zero-byte file', async () => {
    const path = join(tmp.dir, 'empty.dat')
    writeFileSync(path, '')
    const result = await upload(path, { key: 'empty.dat' })
    expect(result.summary.state).toBe('done')
    expect(result.outcome!.etag).toBe('d41d8cd98f00b204e9800998ecf8427e')
    expect((await readObject(s3, bucket, 'empty.dat')).length).toBe(0)
  })

  it.each([
    { size: 3 * 5 * MiB, parts: 3 },
    { size: 3 * 5 * MiB + 1, parts: 4 },
  ])('splits $size bytes into $parts parts of 5 MiB', async ({ size, parts }) => {
    const path = join(tmp.dir, `k-${size}.bin`)
    const bytes = writeRandomFile(path, size)
    const result = await upload(path, {
      key: `k/${size}.bin`,
      partSize: 5 * MiB,
      multipartThreshold: 5 * MiB,
    })
    expect(result.summary.partsTotal).toBe(parts)
    expect(result.outcome!.etag).toMatch(new RegExp(`-${parts}$`))
    expect(result.summary.verification).toMatchObject({ verified: true })
    expect((await readObject(s3, bucket, `k/${size}.bin`)).equals(bytes)).toBe(true)
  })

  it('keeps keys with spaces, +, % and unicode exactly', async () => {
    const dir = join(tmp.dir, 'odd names')
    mkdirSync(dir)
    const names = ['a b.txt', 'c+d.txt', '50%.txt', 'ünï 日本.txt']
    for (const n of names) writeFileSync(join(dir, n), `body of ${n}`)
    const summaries = await manager.upload({
      connection: testConnection(),
      bucket,
      prefix: 'odd/',
      paths: names.map((n) => join(dir, n)),
    })
    for (const s of summaries) expect((await manager.waitFor(s.id)).summary.state).toBe('done')
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'odd/' }))
    expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual(names.map((n) => `odd/${n}`).sort())
    for (const n of names) expect((await readObject(s3, bucket, `odd/${n}`)).toString()).toBe(`body of ${n}`)
  })

  it('uploads a folder recursively with its structure as key prefixes', async () => {
    const dir = join(tmp.dir, 'site')
    mkdirSync(join(dir, 'css', 'deep'), { recursive: true })
    writeFileSync(join(dir, 'index.html'), '<h1>hi</h1>')
    writeFileSync(join(dir, 'css', 'a.css'), 'a{}')
    writeFileSync(join(dir, 'css', 'deep', 'b.css'), 'b{}')
    const summaries = await manager.upload({
      connection: testConnection(),
      bucket,
      prefix: 'www/',
      paths: [dir],
    })
    expect(summaries.map((s) => s.key).sort()).toEqual([
      'www/site/css/a.css',
      'www/site/css/deep/b.css',
      'www/site/index.html',
    ])
    for (const s of summaries) expect((await manager.waitFor(s.id)).summary.state).toBe('done')
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'www/site/index.html' }))
    expect(head.ContentType).toBe('text/html')
    expect(head.ContentLength).toBe(11)
  })

  it('rejects bad settings before sending anything', async () => {
    const path = join(tmp.dir, 'x.bin')
    writeRandomFile(path, 10)
    await expect(upload(path, { partSize: 1 * MiB })).rejects.toMatchObject({ code: 'bad-setting' })
    await expect(upload(path, { concurrency: 0 })).rejects.toMatchObject({ code: 'bad-setting' })
    await expect(upload(path, { headers: { metadata: { 'bad name': 'x' } } })).rejects.toMatchObject({
      code: 'bad-input',
    })
    await expect(upload(join(tmp.dir, 'missing.bin'))).rejects.toMatchObject({ code: 'source-missing' })
  })
})
