// `ferry verify FILE s3://BUCKET/KEY`: equal exits 0, different exits 1 and says why.
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { MiB, runFerry, tempDir, writeRandomFile } from './upload-support'

describe('ferry verify', () => {
  const s3 = testClient()
  const tmp = tempDir('verify')
  let bucket: string
  let env: NodeJS.ProcessEnv
  const big = join(tmp.dir, 'big.bin')
  let bigBytes: Buffer

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'verify')
    const c = testConnection()
    env = {
      ...process.env,
      FERRY_STATE_DIR: join(tmp.dir, 'state'),
      AWS_ENDPOINT_URL: c.endpoint,
      AWS_ACCESS_KEY_ID: c.credentials!.accessKeyId,
      AWS_SECRET_ACCESS_KEY: c.credentials!.secretAccessKey,
      AWS_REGION: c.region,
    }
    bigBytes = writeRandomFile(big, 17 * MiB + 5)
    // Uploaded by another tool (lib-storage, 8 MiB parts): verify must find the part size itself.
    await new Upload({
      client: s3,
      params: { Bucket: bucket, Key: 'by-sdk.bin', Body: bigBytes },
      partSize: 8 * MiB,
    }).done()
    // And by Ferry with 5 MiB parts: the journal tells verify the part size.
    const r = await runFerry(
      ['upload', big, `s3://${bucket}/by-ferry.bin`, '--part-size', '5MiB', '--multipart-threshold', '5MiB'],
      env,
    )
    expect(r.code).toBe(0)
  })
  afterAll(() => tmp.cleanup())

  it('says equal for a single-part object (plain MD5) and exits 0', async () => {
    const path = join(tmp.dir, 'small.txt')
    writeFileSync(path, 'small but important')
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'small.txt', Body: 'small but important' }))
    const r = await runFerry(['verify', path, `s3://${bucket}/small.txt`], env)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(
      `equal: ${path} matches s3://${bucket}/small.txt (MD5 ${createHash('md5').update('small but important').digest('hex')})`,
    )
  })

  it.each(['by-sdk.bin', 'by-ferry.bin'])('reproduces the multipart ETag of %s and exits 0', async (key) => {
    const r = await runFerry(['verify', big, `s3://${bucket}/${key}`, '--json'], env)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out).toMatchObject({
      equal: true,
      method: 'multipart-etag',
      partSize: key === 'by-sdk.bin' ? 8 * MiB : 5 * MiB,
    })
    expect(out.etag).toBe(out.localEtag)
  })

  it('says which way a file differs and exits 1: same size, other bytes', async () => {
    const other = join(tmp.dir, 'other.bin')
    const changed = Buffer.from(bigBytes)
    changed[9 * MiB] = changed[9 * MiB]! ^ 1
    writeFileSync(other, changed)
    const r = await runFerry(['verify', other, `s3://${bucket}/by-sdk.bin`], env)
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^differs: .*no part size reproduces the ETag/)
  })

  it('exits 1 when the sizes differ, and 2 when the file is missing', async () => {
    const shorter = join(tmp.dir, 'short.bin')
    writeFileSync(shorter, bigBytes.subarray(0, 100))
    const r = await runFerry(['verify', shorter, `s3://${bucket}/by-ferry.bin`], env)
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`the object has ${bigBytes.length} bytes, the file 100`)
    const missing = await runFerry(['verify', join(tmp.dir, 'nope'), `s3://${bucket}/by-ferry.bin`], env)
    expect(missing.code).toBe(2)
    const noObject = await runFerry(['verify', shorter, `s3://${bucket}/not-there`], env)
    expect(noObject.code).toBe(1)
    expect(noObject.stderr).toMatch(/does not exist\. Fix:/)
  })
})
