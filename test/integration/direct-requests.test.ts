// PutObject and UploadPart sent beside the SDK (s3/direct-request.ts) against radosgw:
// what the server stores must be what the SDK would have stored, and every answer that is not
// a plain success must be handed back to the SDK path, never taken for one.
import { createHash, randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
} from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { createS3Client } from '../../src/main/s3/client-factory'
import { directHeadObject, directPutObject, directUploadPart } from '../../src/main/s3/direct-request'
import { PartReader } from '../../src/main/s3/part-reader'
import { objectParams } from '../../src/main/s3/upload-params'
import { freshBucket, testClient, testConnection } from '../support/s3'

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest()
const never = new AbortController().signal

/** A PutObject of `body` with no headers but the guessed Content-Type. */
const plainPut = (bucket: string, key: string, body: Buffer, ifNoneMatch: boolean) => ({
  bucket,
  key,
  body,
  contentMd5: md5(body).toString('base64'),
  params: objectParams({}, key),
  ifNoneMatch,
  signal: never,
})

describe('direct PutObject', () => {
  it('stores the bytes, headers and metadata the SDK would, under an awkward key', async () => {
    const client = createS3Client(testConnection())
    const bucket = await freshBucket(testClient(), 'direct')
    const key = "dir one/a+b %41 (x)!*'~ naïve 東京.txt"
    const body = randomBytes(70_000)
    const params = objectParams(
      {
        cacheControl: 'max-age=60',
        contentDisposition: 'attachment',
        metadata: { Project: 'ferry', note: 'café' },
      },
      key,
    )
    const answer = await directPutObject(client, {
      bucket,
      key,
      body,
      contentMd5: md5(body).toString('base64'),
      params,
      ifNoneMatch: true,
      signal: never,
    })
    expect(answer).toEqual({ kind: 'stored', etag: `"${md5(body).toString('hex')}"` })

    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
    expect(head.ContentType).toBe('text/plain')
    expect(head.CacheControl).toBe('max-age=60')
    expect(head.ContentDisposition).toBe('attachment')
    expect(head.Metadata).toEqual(params.Metadata && lowerKeys(params.Metadata))
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(body)).toBe(true)
  })

  it('hands back what is not a success: a wrong Content-MD5, an existing key, a bad signature', async () => {
    const client = createS3Client(testConnection())
    const bucket = await freshBucket(testClient(), 'declined')
    const put = plainPut(bucket, 'k', randomBytes(10_000), true)
    expect(
      await directPutObject(client, { ...put, contentMd5: md5(randomBytes(4)).toString('base64') }),
    ).toEqual({ kind: 'declined', maybeStored: false, status: 400 })
    expect((await directPutObject(client, put)).kind).toBe('stored')
    // If-None-Match: * on a key that now exists.
    expect(await directPutObject(client, put)).toEqual({
      kind: 'declined',
      maybeStored: false,
      status: 412,
    })
    const wrongKeys = createS3Client({
      ...testConnection(),
      credentials: {
        accessKeyId: testConnection().credentials!.accessKeyId,
        secretAccessKey: 'not-the-secret',
      },
    })
    expect(await directPutObject(wrongKeys, { ...put, key: 'other', ifNoneMatch: false })).toEqual({
      kind: 'declined',
      maybeStored: false,
      status: 403,
    })
  })

  it('sends where the SDK sends: a bucket on an IP endpoint goes by path even without path-style', async () => {
    const client = createS3Client({ ...testConnection(), pathStyle: false })
    const bucket = await freshBucket(testClient(), 'direct')
    const answer = await directPutObject(client, plainPut(bucket, 'k', Buffer.from('x'), false))
    expect(answer.kind).toBe('stored')
    const head = await testClient().send(new HeadObjectCommand({ Bucket: bucket, Key: 'k' }))
    expect(head.ContentLength).toBe(1)
  })

  it('reports a connection lost after the body went out as maybe stored', async () => {
    // A server that reads the whole request, then hangs up without an answer.
    const sockets = new Set<Socket>()
    const server = createServer((socket) => {
      sockets.add(socket)
      let seen = 0
      socket.on('data', (chunk: Buffer) => {
        seen += chunk.length
        if (seen > 20_000) socket.destroy()
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    try {
      const port = (server.address() as { port: number }).port
      const connection = { ...testConnection(), endpoint: `http://127.0.0.1:${port}` }
      const answer = await directPutObject(
        createS3Client(connection),
        plainPut('b', 'k', randomBytes(20_000), true),
      )
      expect(answer).toEqual({ kind: 'declined', maybeStored: true })
    } finally {
      for (const s of sockets) s.destroy()
      await new Promise((r) => server.close(r))
    }
  })
})

describe('direct HeadObject', () => {
  it("finds an object with the SDK's ETag and size, says absent for none, and hands back a refusal", async () => {
    const client = createS3Client(testConnection())
    const bucket = await freshBucket(testClient(), 'directhead')
    const key = 'dir one/a+b %41 naïve 東京.bin'
    const body = randomBytes(33_333)
    expect((await directPutObject(client, plainPut(bucket, key, body, false))).kind).toBe('stored')
    const sdk = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
    expect(await directHeadObject(client, { bucket, key, signal: never })).toEqual({
      kind: 'found',
      etag: sdk.ETag,
      size: body.length,
    })
    expect(await directHeadObject(client, { bucket, key: `${key}-not`, signal: never })).toEqual({
      kind: 'absent',
    })
    const wrongKeys = createS3Client({
      ...testConnection(),
      credentials: {
        accessKeyId: testConnection().credentials!.accessKeyId,
        secretAccessKey: 'not-the-secret',
      },
    })
    // A 403 is no answer to "does it exist": the SDK's attempt names the problem.
    expect(await directHeadObject(wrongKeys, { bucket, key, signal: never })).toEqual({
      kind: 'declined',
    })
  })
})

describe('direct UploadPart', () => {
  it('uploads parts that complete into the same object, and hands back a damaged one', async () => {
    const client = createS3Client(testConnection())
    const bucket = await freshBucket(testClient(), 'dparts')
    const key = 'multi part/ü.bin'
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }))
    try {
      const parts = [randomBytes(5 * 1024 * 1024), randomBytes(1234)]
      const etags: string[] = []
      for (const [i, body] of parts.entries()) {
        const part = {
          bucket,
          key,
          uploadId: UploadId!,
          partNumber: i + 1,
          body,
          contentMd5: md5(body).toString('base64'),
          signal: never,
        }
        if (i === 0) {
          const damaged = Buffer.from(body)
          damaged[99] = damaged[99]! ^ 1
          expect(await directUploadPart(client, { ...part, body: damaged })).toEqual({
            kind: 'declined',
            maybeStored: false,
            status: 400,
          })
        }
        const answer = await directUploadPart(client, part)
        expect(answer).toEqual({ kind: 'stored', etag: `"${md5(body).toString('hex')}"` })
        etags.push((answer as { etag: string }).etag)
      }
      await client.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
        }),
      )
      const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat(parts))).toBe(true)
    } catch (e) {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }))
      throw e
    }
  })
})

function lowerKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]))
}

describe('a part of a file, read to hash and read again to send', () => {
  it('is stored when the file holds still, and refused when it changed between the two reads', async () => {
    const client = createS3Client(testConnection())
    const bucket = await freshBucket(testClient(), 'twopass')
    const path = join(tmpdir(), `ferry-twopass-${process.pid}.bin`)
    const bytes = randomBytes(6 * 1024 * 1024)
    await writeFile(path, bytes)
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'k' }))
    const reader = await PartReader.open(path)
    try {
      // A chunk smaller than the part, as the engine reads a file.
      const chunk = Buffer.alloc(1024 * 1024)
      const part = async (partNumber: number) => {
        const { md5: digest } = await reader.digestsOf(0, bytes.length, chunk)
        return {
          digest,
          send: () =>
            directUploadPart(client, {
              bucket,
              key: 'k',
              uploadId: UploadId!,
              partNumber,
              body: {
                length: bytes.length,
                writeTo: (out) => reader.writeRange(0, bytes.length, chunk, out),
              },
              contentMd5: digest.toString('base64'),
              signal: never,
            }),
        }
      }
      const still = await part(1)
      expect(still.digest.equals(md5(bytes))).toBe(true)
      expect(await still.send()).toEqual({ kind: 'stored', etag: `"${md5(bytes).toString('hex')}"` })

      const changing = await part(2)
      bytes[5_000_000] = bytes[5_000_000]! ^ 0xff
      await writeFile(path, bytes)
      // Sent with the MD5 of what the file held when it was hashed: the server refuses the rest.
      expect(await changing.send()).toEqual({ kind: 'declined', maybeStored: false, status: 400 })
    } finally {
      await reader.close()
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'k', UploadId }))
    }
  })
})
