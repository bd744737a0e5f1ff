// The short way for small objects of a folder download, against radosgw: one direct GET with
// If-Match on the listing's ETag, the answer's own headers instead of a HEAD, the MD5 checked
// before the file is written; and every case it is not sure of declined to the long way.
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { downloadSmall } from '../../src/main/engine/download/small-download'
import { createS3Client } from '../../src/main/s3/client-factory'
import { freshBucket, testConnection } from '../support/s3'

const connection = testConnection()
const client = createS3Client(connection)
const dir = mkdtempSync(join(tmpdir(), 'ferry-small-'))
const signal = new AbortController().signal
let bucket: string

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex')

async function put(key: string, body: Buffer, metadata?: Record<string, string>): Promise<string> {
  const out = await client.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, Metadata: metadata }),
  )
  return out.ETag!.replaceAll('"', '')
}

beforeAll(async () => {
  bucket = await freshBucket(client, 'small')
})

afterAll(async () => {
  client.destroy()
  await rm(dir, { recursive: true, force: true })
})

describe('small objects the short way', () => {
  it('writes the verified bytes into a new subfolder, with the time the object carries, and nothing else', async () => {
    const body = randomBytes(64 * 1024 + 7)
    const etag = await put('a/b/one.bin', body, { mtime: '1700000000.250000000' })
    const target = join(dir, 'new', 'sub', 'one.bin')
    const outcome = await downloadSmall(
      client,
      { bucket, key: 'a/b/one.bin', target },
      { etag, size: body.length },
      signal,
    )
    expect(outcome).toMatchObject({
      path: target,
      bytes: body.length,
      verification: { verified: true, method: 'md5' },
    })
    expect(md5(readFileSync(target))).toBe(md5(body))
    expect(statSync(target).mtimeMs).toBe(1_700_000_000_250)
    expect(readdirSync(join(dir, 'new', 'sub'))).toEqual(['one.bin'])
  })

  it('declines an object that changed since the listing (If-Match) and writes nothing', async () => {
    const old = await put('changed.txt', Buffer.from('first'))
    await put('changed.txt', Buffer.from('second, longer'))
    const target = join(dir, 'changed.txt')
    const outcome = await downloadSmall(
      client,
      { bucket, key: 'changed.txt', target },
      { etag: old, size: 5 },
      signal,
    )
    expect(outcome).toBeUndefined()
    expect(existsSync(target) || existsSync(`${target}.ferry-partial`)).toBe(false)
  })

  it('declines a multipart ETag and a missing object', async () => {
    const target = join(dir, 'other.bin')
    const multipart = await downloadSmall(
      client,
      { bucket, key: 'a/b/one.bin', target },
      { etag: `${'0'.repeat(32)}-2`, size: 10 },
      signal,
    )
    const missing = await downloadSmall(
      client,
      { bucket, key: 'no-such-key', target },
      { etag: '0'.repeat(32), size: 10 },
      signal,
    )
    expect([multipart, missing]).toEqual([undefined, undefined])
    expect(existsSync(target)).toBe(false)
  })

  it('never replaces a file that is there with --if-exists fail, and leaves no partial file', async () => {
    const body = Buffer.from('from the server')
    const etag = await put('taken.txt', body)
    const target = join(dir, 'taken.txt')
    writeFileSync(target, 'mine')
    await expect(
      downloadSmall(
        client,
        { bucket, key: 'taken.txt', target, ifExists: 'fail' },
        { etag, size: body.length },
        signal,
      ),
    ).rejects.toMatchObject({ code: 'destination-exists' })
    expect(readFileSync(target, 'utf8')).toBe('mine')
    expect(existsSync(`${target}.ferry-partial`)).toBe(false)
  })
})
