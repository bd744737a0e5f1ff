// Ranged GETs read straight off the socket (s3/range-get.ts) against radosgw: the exact bytes,
// handed on in order and in pieces of at most a megabyte; anything but the plain success
// (If-Match failing, a proxy in the way) declined before a byte is handed on.
import { createHash, randomBytes } from 'node:crypto'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { beforeAll, describe, expect, it } from 'vitest'
import { createS3Client } from '../../src/main/s3/client-factory'
import { headObject } from '../../src/main/s3/head'
import { directGetRange } from '../../src/main/s3/range-get'
import { MiB } from '../../src/shared/s3-limits'
import { freshBucket, testClient, testConnection } from '../support/s3'

const client = testClient()
let bucket: string
const bytes = randomBytes(5 * MiB + 12345)
let etag: string

beforeAll(async () => {
  bucket = await freshBucket(client, 'rangeget')
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'obj.bin', Body: bytes }))
  etag = (await headObject(client, bucket, 'obj.bin')).etag
})

function collector() {
  const pieces: Buffer[] = []
  // The bytes are lent: copied before the next read may reuse them.
  const sink = (b: Buffer) => {
    pieces.push(Buffer.from(b))
    return Promise.resolve()
  }
  return { pieces, sink }
}

describe('directGetRange', () => {
  it('hands on exactly the bytes of the range, in order, a megabyte at most at a time', async () => {
    const { pieces, sink } = collector()
    const start = 123
    const end = 4 * MiB + 77
    const answer = await directGetRange(client, {
      bucket,
      key: 'obj.bin',
      etag,
      start,
      end,
      signal: new AbortController().signal,
      sink,
    })
    expect(answer).toBe('done')
    expect(pieces.every((p) => p.length > 0 && p.length <= MiB)).toBe(true)
    const got = Buffer.concat(pieces)
    expect(got.length).toBe(end - start)
    expect(createHash('md5').update(got).digest('hex')).toBe(
      createHash('md5').update(bytes.subarray(start, end)).digest('hex'),
    )
  })

  it('declines, handing on nothing, when the object is not the version asked for (412)', async () => {
    const { pieces, sink } = collector()
    const answer = await directGetRange(client, {
      bucket,
      key: 'obj.bin',
      etag: '0123456789abcdef0123456789abcdef',
      start: 0,
      end: MiB,
      signal: new AbortController().signal,
      sink,
    })
    expect(answer).toBe('declined')
    expect(pieces).toEqual([])
  })

  it('declines a missing key and a client that goes through a proxy, handing on nothing', async () => {
    const { pieces, sink } = collector()
    const get = { bucket, etag, start: 0, end: 10, signal: new AbortController().signal, sink }
    expect(await directGetRange(client, { ...get, key: 'absent.bin' })).toBe('declined')
    const proxied = createS3Client({ ...testConnection(), proxy: 'http://127.0.0.1:9' })
    expect(await directGetRange(proxied, { ...get, key: 'obj.bin' })).toBe('declined')
    expect(pieces).toEqual([])
  })

  it('stops when aborted mid-way, having handed on only a prefix of the range', async () => {
    const controller = new AbortController()
    const pieces: Buffer[] = []
    const run = directGetRange(client, {
      bucket,
      key: 'obj.bin',
      etag,
      start: 0,
      end: bytes.length,
      signal: controller.signal,
      sink: async (b) => {
        pieces.push(Buffer.from(b))
        controller.abort(new Error('paused'))
      },
    })
    await expect(run).rejects.toThrow('paused')
    const got = Buffer.concat(pieces)
    expect(got.length).toBeLessThan(bytes.length)
    expect(got.equals(bytes.subarray(0, got.length))).toBe(true)
  })
})
