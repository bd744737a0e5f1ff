// ferry mb, rb and versioning against radosgw: names checked before any request, a bucket
// that is not empty refused with what it holds, and rb --force emptying every version,
// delete marker and open multipart upload first.
import { randomBytes } from 'node:crypto'
import {
  CreateMultipartUploadCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { freshBucket, testClient } from '../support/s3'
import { jsonLines, runCli } from './objects-support'

const client = testClient()
const ERROR_LINE = /^ferry: .+\. Fix: .+\n$/
const uniqueName = (label: string) => `ferry-${label}-${randomBytes(4).toString('hex')}`

const bucketExists = (bucket: string) =>
  client.send(new HeadBucketCommand({ Bucket: bucket })).then(
    () => true,
    () => false,
  )

describe('ferry mb', () => {
  it('creates a bucket, and refuses one that exists already', async () => {
    const name = uniqueName('mb')
    const made = await runCli(['mb', `s3://${name}`])
    expect(made.code).toBe(0)
    expect(made.stdout).toBe(`created bucket s3://${name} in us-east-1\n`)
    expect(await bucketExists(name)).toBe(true)

    const again = await runCli(['mb', `s3://${name}`])
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(ERROR_LINE)
    expect(again.stderr).toContain(`bucket "${name}" already exists, and it is yours`)
    await runCli(['rb', `s3://${name}`])
  })

  it.each([
    ['Upper-Case', 'no capital letters'],
    ['192.168.1.20', 'IP address'],
    ['xn--punycode', 'begin with "xn--"'],
    ['data-s3alias', 'end with "-s3alias"'],
    ['ab', 'at least 3'],
  ])('refuses the name %s before any request, naming the rule', async (name, rule) => {
    // --debug prints each request ("> PUT http://..."); other test files create buckets at the
    // same time, so the server's bucket count proves nothing.
    const run = await runCli(['--debug', 'mb', `s3://${name}`])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^ferry: .+\. Fix: .+$/m)
    expect(run.stderr).toContain(rule)
    expect(run.stderr).not.toMatch(/^> [A-Z]+ /m)
    const names = ((await client.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name)
    expect(names).not.toContain(name)
    expect(names).not.toContain(name.toLowerCase())
  })
})

describe('ferry rb', () => {
  it('deletes an empty bucket', async () => {
    const bucket = await freshBucket(client, 'rb-empty')
    const run = await runCli(['rb', `s3://${bucket}`, '--json'])
    expect(run.code).toBe(0)
    expect(jsonLines(run.stdout)[0]).toMatchObject({ event: 'deleted', bucket, versionsDeleted: 0 })
    expect(await bucketExists(bucket)).toBe(false)
  })

  it('refuses a bucket with versions and an open upload, naming the count; --force empties it first', async () => {
    const bucket = await freshBucket(client, 'rb-force')
    expect((await runCli(['versioning', `s3://${bucket}`, 'on'])).stdout).toContain('versioning enabled')
    // Two versions of a.txt and a delete marker over them: no current object at all.
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'a.txt', Body: 'one' }))
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'a.txt', Body: 'two' }))
    expect((await runCli(['rm', `s3://${bucket}/a.txt`])).code).toBe(0)
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'dir/b.txt', Body: 'b' }))
    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'big.bin' }),
    )
    await client.send(
      new UploadPartCommand({ Bucket: bucket, Key: 'big.bin', UploadId, PartNumber: 1, Body: 'part' }),
    )

    const refused = await runCli(['rb', `s3://${bucket}`])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(ERROR_LINE)
    expect(refused.stderr).toContain(
      `bucket "${bucket}" is not empty: it holds 4 objects or versions and 1 open multipart upload`,
    )
    expect(refused.stderr).toContain('--force')
    expect(await bucketExists(bucket)).toBe(true)

    const forced = await runCli(['rb', `s3://${bucket}`, '--force'])
    expect(forced.stderr).toBe('')
    expect(forced.code).toBe(0)
    expect(forced.stdout).toBe(
      `deleted bucket s3://${bucket} (after deleting 4 objects and versions and aborting 1 multipart upload)\n`,
    )
    expect(await bucketExists(bucket)).toBe(false)
  })

  it('says so for a bucket that does not exist, and refuses a key', async () => {
    const missing = await runCli(['rb', `s3://${uniqueName('gone')}`])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('does not exist')
    const key = await runCli(['rb', 's3://some-bucket/a.txt'])
    expect(key.code).toBe(2)
    expect(key.stderr).toContain('use ferry rm')
  })
})

describe('ferry versioning', () => {
  it('reports, turns on and turns off (suspended) a bucket`s versioning', async () => {
    const bucket = await freshBucket(client, 'versioning')
    expect((await runCli(['versioning', `s3://${bucket}`])).stdout).toBe(
      `s3://${bucket}: versioning unversioned\n`,
    )
    expect((await runCli(['versioning', `s3://${bucket}`, 'on'])).stdout).toBe(
      `s3://${bucket}: versioning enabled\n`,
    )
    const off = await runCli(['versioning', `s3://${bucket}`, 'off', '--json'])
    expect(jsonLines(off.stdout)[0]).toEqual({ bucket, versioning: 'suspended' })
    const bad = await runCli(['versioning', `s3://${bucket}`, 'maybe'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('"maybe" is not on, off or status')
  })
})
