// Object operations against radosgw: head/exists, metadata update in place, copy (single
// and multipart), batched delete, presigned links.
import { randomBytes } from 'node:crypto'
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { beforeAll, describe, expect, it } from 'vitest'
import { copyObject } from '../../src/main/core/objects/copy'
import { deleteObject, deleteObjects, deletePrefix } from '../../src/main/core/objects/delete'
import { headObject, objectExists } from '../../src/main/s3/head'
import { presignGet } from '../../src/main/core/objects/presign'
import { runPool } from '../../src/main/s3/pool'
import { updateMetadata } from '../../src/main/core/objects/update-metadata'
import { MiB } from '../../src/shared/s3-limits'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { putMultipart, recordingClient } from './objects-support'

const client = testClient()
let bucket: string

async function bodyOf(key: string, b = bucket): Promise<Buffer> {
  const out = await client.send(new GetObjectCommand({ Bucket: b, Key: key }))
  return Buffer.from(await out.Body!.transformToByteArray())
}

async function putDocument(key: string, body: Buffer | string = 'hello, ferry') {
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: 'text/x-ferry',
      CacheControl: 'max-age=60',
      ContentDisposition: 'attachment; filename="doc.txt"',
      ContentLanguage: 'de',
      ContentEncoding: 'identity',
      Metadata: { owner: 'alice', state: 'new' },
    }),
  )
}

beforeAll(async () => {
  bucket = await freshBucket(client, 'objects')
})

describe('head and exists', () => {
  it('returns size, ETag, system headers and decoded metadata', async () => {
    await putDocument('head/doc.txt')
    const head = await headObject(client, bucket, 'head/doc.txt')
    expect(head).toMatchObject({
      size: 12,
      etag: expect.stringMatching(/^[0-9a-f]{32}$/),
      contentType: 'text/x-ferry',
      cacheControl: 'max-age=60',
      contentLanguage: 'de',
      metadata: { owner: 'alice', state: 'new' },
    })
    expect(await objectExists(client, bucket, 'head/doc.txt')).toMatchObject({
      exists: true,
      head: { size: 12 },
    })
  })

  it('tells a missing key from a missing bucket', async () => {
    expect(await objectExists(client, bucket, 'head/absent')).toEqual({ exists: false })
    await expect(headObject(client, bucket, 'head/absent')).rejects.toMatchObject({ code: 'object-missing' })
    await expect(headObject(client, `${bucket}-absent`, 'x')).rejects.toMatchObject({
      code: 'bucket-missing',
      message: expect.stringContaining('does not exist'),
    })
    await expect(objectExists(client, `${bucket}-absent`, 'x')).rejects.toMatchObject({
      code: 'bucket-missing',
    })
  })
})

describe('metadata update in place', () => {
  it('sets and unsets user keys, keeps the other keys, the system headers and the bytes', async () => {
    await putDocument('meta/keep.txt')
    const before = await headObject(client, bucket, 'meta/keep.txt')
    const after = await updateMetadata(client, bucket, 'meta/keep.txt', {
      set: { state: 'processed', reviewer: 'bob' },
      unset: ['OWNER'],
    })
    expect(after.metadata).toEqual({ state: 'processed', reviewer: 'bob' })
    expect(after).toMatchObject({
      contentType: 'text/x-ferry',
      cacheControl: 'max-age=60',
      contentDisposition: 'attachment; filename="doc.txt"',
      contentLanguage: 'de',
      contentEncoding: 'identity',
      size: before.size,
      etag: before.etag,
    })
    expect((await bodyOf('meta/keep.txt')).toString()).toBe('hello, ferry')
  })

  it('changes Content-Type and Cache-Control when asked, and only those', async () => {
    await putDocument('meta/headers.txt')
    const after = await updateMetadata(client, bucket, 'meta/headers.txt', {
      contentType: 'text/plain',
      cacheControl: 'no-cache',
    })
    expect(after).toMatchObject({
      contentType: 'text/plain',
      cacheControl: 'no-cache',
      contentLanguage: 'de',
      metadata: { owner: 'alice', state: 'new' },
    })
  })

  it('round-trips non-ASCII values, stored RFC 2047-encoded', async () => {
    await putDocument('meta/unicode.txt')
    const value = 'Grüße aus Köln, 東京 🚢'
    const after = await updateMetadata(client, bucket, 'meta/unicode.txt', { set: { title: value } })
    expect(after.metadata['title']).toBe(value)
    const raw = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'meta/unicode.txt' }))
    expect(raw.Metadata?.['title']).toMatch(/^=\?UTF-8\?B\?/)
  })

  it('fails cleanly, changing nothing, when the object is no longer the version asked for', async () => {
    await putDocument('meta/raced.txt', 'version one')
    const old = await headObject(client, bucket, 'meta/raced.txt')
    await putDocument('meta/raced.txt', 'version two, written by someone else')
    await expect(
      updateMetadata(client, bucket, 'meta/raced.txt', { set: { state: 'stale' }, ifMatch: old.etag }),
    ).rejects.toMatchObject({
      code: 'source-changed',
      fix: expect.stringContaining('again'),
    })
    const now = await headObject(client, bucket, 'meta/raced.txt')
    expect(now.metadata['state']).toBe('new')
    expect((await bodyOf('meta/raced.txt')).toString()).toBe('version two, written by someone else')
  })

  it('rejects metadata over 2 KB before sending a copy', async () => {
    await putDocument('meta/big.txt')
    const { client: recorder, sent } = recordingClient()
    await expect(
      updateMetadata(recorder, bucket, 'meta/big.txt', { set: { huge: 'x'.repeat(2100) } }),
    ).rejects.toMatchObject({ code: 'bad-input' })
    expect(sent.map((s) => s.command)).not.toContain('CopyObjectCommand')
  })

  it('updates a multipart object in place with part copies above the threshold', async () => {
    const bytes = randomBytes(11 * MiB + 3)
    await putMultipart(client, bucket, 'meta/large.bin', bytes, 5 * MiB, {
      ContentType: 'application/x-large',
      Metadata: { owner: 'carol' },
    })
    const { client: recorder, sent } = recordingClient()
    const after = await updateMetadata(
      recorder,
      bucket,
      'meta/large.bin',
      { set: { state: 'archived' } },
      { multipartThreshold: 5 * MiB, partSize: 5 * MiB },
    )
    expect(after).toMatchObject({
      contentType: 'application/x-large',
      metadata: { owner: 'carol', state: 'archived' },
      size: bytes.length,
    })
    expect(sent.filter((s) => s.command === 'UploadPartCopyCommand')).toHaveLength(3)
    expect((await bodyOf('meta/large.bin')).equals(bytes)).toBe(true)
  })
})

describe('copy', () => {
  it('copies bytes, headers and metadata when no new metadata is given', async () => {
    await putDocument('copy/src.txt')
    const outcome = await copyObject(
      client,
      { bucket, key: 'copy/src.txt' },
      { bucket, key: 'copy/plain.txt' },
    )
    expect(outcome).toMatchObject({ method: 'copy-object', size: 12 })
    const head = await headObject(client, bucket, 'copy/plain.txt')
    expect(head).toMatchObject({
      contentType: 'text/x-ferry',
      cacheControl: 'max-age=60',
      metadata: { owner: 'alice', state: 'new' },
    })
    expect((await bodyOf('copy/plain.txt')).toString()).toBe('hello, ferry')
  })

  it('replaces the metadata when new metadata is given, keeping the system headers', async () => {
    await putDocument('copy/src2.txt')
    await copyObject(
      client,
      { bucket, key: 'copy/src2.txt' },
      { bucket, key: 'copy/new-meta.txt' },
      { metadata: { project: 'Überfahrt' } },
    )
    const head = await headObject(client, bucket, 'copy/new-meta.txt')
    expect(head.metadata).toEqual({ project: 'Überfahrt' })
    expect(head).toMatchObject({ contentType: 'text/x-ferry', cacheControl: 'max-age=60' })
  })

  it('copies keys with spaces, +, % and unicode, into another bucket', async () => {
    const other = await freshBucket(client, 'copy-dst')
    const key = 'odd/a b+c%20d ü.txt'
    await putDocument(key)
    await copyObject(client, { bucket, key }, { bucket: other, key })
    expect((await bodyOf(key, other)).toString()).toBe('hello, ferry')
  })

  it('copies part by part above the threshold, leaving no upload behind', async () => {
    const bytes = randomBytes(12 * MiB + 1)
    await putMultipart(client, bucket, 'copy/large.bin', bytes, 5 * MiB, {
      ContentType: 'application/x-large',
      Metadata: { owner: 'dave' },
    })
    const { client: recorder, sent } = recordingClient()
    const outcome = await copyObject(
      recorder,
      { bucket, key: 'copy/large.bin' },
      { bucket, key: 'copy/large-copy.bin' },
      { multipartThreshold: 5 * MiB, partSize: 5 * MiB },
    )
    expect(outcome).toMatchObject({
      method: 'multipart-copy',
      parts: 3,
      size: bytes.length,
      etag: expect.stringMatching(/-3$/),
    })
    const ranges = sent
      .filter((s) => s.command === 'UploadPartCopyCommand')
      .map((s) => s.input['CopySourceRange'])
      .sort()
    expect(ranges).toEqual(['bytes=0-5242879', 'bytes=10485760-12582912', 'bytes=5242880-10485759'])
    expect((await bodyOf('copy/large-copy.bin')).equals(bytes)).toBe(true)
    const head = await headObject(client, bucket, 'copy/large-copy.bin')
    expect(head).toMatchObject({ contentType: 'application/x-large', metadata: { owner: 'dave' } })
    const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))
    expect(uploads.Uploads ?? []).toEqual([])
  })

  it('says which object is missing', async () => {
    await expect(
      copyObject(client, { bucket, key: 'copy/absent' }, { bucket, key: 'copy/x' }),
    ).rejects.toMatchObject({ code: 'object-missing' })
  })
})

describe('delete', () => {
  it('deletes more than 1,000 keys under a prefix in batches of 1,000', async () => {
    const keys = Array.from({ length: 1100 }, (_, i) => `many/${String(i).padStart(4, '0')}.txt`)
    await runPool(keys, 32, async (key) => {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }))
    })
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'many-other/keep.txt', Body: 'keep' }))
    const { client: recorder, sent } = recordingClient()
    const outcome = await deletePrefix(recorder, bucket, 'many/')
    expect(outcome).toEqual({ deleted: 1100, errors: [] })
    const batches = sent
      .filter((s) => s.command === 'DeleteObjectsCommand')
      .map((s) => (s.input['Delete'] as { Objects: unknown[] }).Objects.length)
    expect(batches.sort((a, b) => b - a)).toEqual([1000, 100])
    const left = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'many' }))
    expect((left.Contents ?? []).map((o) => o.Key)).toEqual(['many-other/keep.txt'])
  })

  it('deletes a list of keys and single keys', async () => {
    for (const key of ['del/a', 'del/b', 'del/c'])
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }))
    expect(await deleteObjects(client, bucket, ['del/a', 'del/b'])).toEqual({ deleted: 2, errors: [] })
    await deleteObject(client, bucket, 'del/c')
    expect(await objectExists(client, bucket, 'del/c')).toEqual({ exists: false })
  })

  it('fails as a whole for a missing bucket', async () => {
    await expect(deleteObjects(client, `${bucket}-absent`, ['x', 'y'])).rejects.toMatchObject({
      code: 'bucket-missing',
    })
  })
})

describe('presigned links', () => {
  it('gives a link that fetch() downloads without credentials', async () => {
    const bytes = randomBytes(4096)
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'share/file name ü.bin', Body: bytes }))
    const link = await presignGet(client, bucket, 'share/file name ü.bin', { expiresInSeconds: 600 })
    expect(link.warning).toBeUndefined()
    const response = await fetch(link.url)
    expect(response.status).toBe(200)
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true)
  })

  it('sets the download name when asked', async () => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'share/x.bin', Body: 'x' }))
    const link = await presignGet(client, bucket, 'share/x.bin', {
      expiresInSeconds: 60,
      downloadName: 'Bericht ü.txt',
    })
    const response = await fetch(link.url)
    expect(response.headers.get('content-disposition')).toContain("filename*=UTF-8''Bericht%20%C3%BC.txt")
  })

  it('rejects more than 7 days with a fix', async () => {
    await expect(
      presignGet(client, bucket, 'share/x.bin', { expiresInSeconds: 7 * 86400 + 1 }),
    ).rejects.toMatchObject({
      code: 'bad-input',
      fix: expect.stringContaining('7d'),
    })
    await expect(
      presignGet(client, bucket, 'share/x.bin', { expiresInSeconds: 7 * 86400 }),
    ).resolves.toHaveProperty('url')
  })

  it('warns when the session credentials expire before the link', async () => {
    const c = testConnection()
    const expiring = new S3Client({
      endpoint: c.endpoint,
      region: c.region,
      forcePathStyle: true,
      credentials: async () => ({
        ...c.credentials!,
        sessionToken: 'session',
        expiration: new Date(Date.now() + 15 * 60_000),
      }),
    })
    const link = await presignGet(expiring, bucket, 'share/x.bin', { expiresInSeconds: 3600 })
    expect(link.warning).toMatch(/session credentials .* expire/)
    const shortLink = await presignGet(expiring, bucket, 'share/x.bin', { expiresInSeconds: 60 })
    expect(shortLink.warning).toBeUndefined()
  })
})
