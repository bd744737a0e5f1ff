// `ferry cp` between any two s3:// locations against radosgw: a prefix into another bucket
// (server-side, journaled, sources kept), and to another connection (here the same radosgw as
// "localhost" instead of 127.0.0.1, which Ferry must treat as another store): streamed through
// Ferry with metadata and tags, verified, no presigned signature written to disk, and a
// destination that refuses leaves no object and no open multipart upload behind.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { HeadObjectCommand, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, describe, expect, it } from 'vitest'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { expectObjects, keysUnder, seedObjects, tagsOf } from './move-support'
import { cliStateEnv, jsonLines, putMultipart } from './objects-support'
import { MiB, openUploads, readObject, runFerry, tempDir } from './upload-support'
import { randomBytes } from 'node:crypto'

const s3 = testClient()
const tmp = tempDir('cpx')
afterAll(() => tmp.cleanup())
/** The test server under another name: another endpoint as far as Ferry can tell. */
const otherEndpoint = () => testConnection().endpoint.replace('127.0.0.1', 'localhost')

describe('ferry cp of prefixes and across connections', () => {
  it('copies a prefix into another bucket server-side, keeping the sources; again with skip, nothing twice', async () => {
    const bucket = await freshBucket(s3, 'cpp')
    const other = await freshBucket(s3, 'cppo')
    const expected = await seedObjects(s3, bucket, 'set/', 30)
    const env = cliStateEnv(join(tmp.dir, 'prefix'))
    const run = await runFerry(['cp', `s3://${bucket}/set/`, `s3://${other}/copy/`, '--json'], env)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(jsonLines(run.stdout).find((e) => e['event'] === 'summary')).toMatchObject({
      objects: 30,
      failed: 0,
    })
    await expectObjects(s3, other, 'copy/', expected)
    await expectObjects(s3, bucket, 'set/', expected)
    const again = await runFerry(
      ['cp', `s3://${bucket}/set/`, `s3://${other}/copy/`, '--if-exists', 'skip', '--json'],
      env,
    )
    expect(again.code).toBe(0)
    expect(jsonLines(again.stdout).find((e) => e['event'] === 'summary')).toMatchObject({
      objects: 0,
      skipped: 30,
    })
    await expectObjects(s3, other, 'copy/', expected)
  })

  it('streams a prefix to another connection: bytes, metadata and tags arrive, verified, no signature on disk', async () => {
    const bucket = await freshBucket(s3, 'cpx')
    const other = await freshBucket(s3, 'cpxo')
    const expected = await seedObjects(s3, bucket, 'p/', 6)
    const big = randomBytes(13 * MiB + 3)
    await putMultipart(s3, bucket, 'p/big.bin', big, 5 * MiB, {
      Metadata: { kind: 'big' },
      ContentType: 'application/x-big',
    })
    expected.set('big.bin', big)
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'p/tagged.txt',
        Body: 'tagged',
        Tagging: 'team=blue',
        Metadata: { o: 'x' },
      }),
    )
    expected.set('tagged.txt', Buffer.from('tagged'))
    const stateDir = join(tmp.dir, 'across')
    const env = cliStateEnv(stateDir)
    const run = await runFerry(
      [
        'cp',
        `s3://${bucket}/p/`,
        `s3://${other}/q/`,
        '--to-endpoint',
        otherEndpoint(),
        '--part-size',
        '5MiB',
        '--json',
      ],
      env,
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const done = jsonLines(run.stdout).filter((e) => e['event'] === 'done')
    expect(done).toHaveLength(8)
    for (const e of done) expect(e['how']).toMatch(/^streamed through Ferry/)
    // A single-PUT source's ETag is its MD5: the bytes streamed were checked against it whole.
    expect(done.find((e) => String(e['source']).endsWith('tagged.txt'))?.['how']).toContain(
      "MD5 equals the source's ETag",
    )
    await expectObjects(s3, other, 'q/', expected)
    const head = await s3.send(new HeadObjectCommand({ Bucket: other, Key: 'q/big.bin' }))
    expect(head).toMatchObject({ ContentType: 'application/x-big', Metadata: { kind: 'big' } })
    expect(await tagsOf(s3, other, 'q/tagged.txt')).toEqual({ team: 'blue' })
    expect((await s3.send(new HeadObjectCommand({ Bucket: other, Key: 'q/tagged.txt' }))).Metadata).toEqual({
      o: 'x',
    })
    await expectObjects(s3, bucket, 'p/', expected)
    expect(await openUploads(s3, other)).toEqual([])
    // The presigned links went into the stream journals without their signatures.
    const journals = readdirSync(join(stateDir, 'transfers')).filter((n) => n.endsWith('.journal'))
    expect(journals.length).toBeGreaterThan(0)
    for (const name of journals) {
      const text = readFileSync(join(stateDir, 'transfers', name), 'utf8')
      expect(text).toContain('X-Amz-Signature=redacted')
      expect(text).not.toMatch(/X-Amz-Signature=[0-9a-f]{64}/)
    }
  })

  it('a destination that refuses (a bucket policy) fails naming the object: nothing copied, no upload left open', async () => {
    const bucket = await freshBucket(s3, 'cpr')
    const other = await freshBucket(s3, 'cpro')
    await putMultipart(s3, bucket, 'p/big.bin', randomBytes(11 * MiB), 5 * MiB)
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'p/small.txt', Body: 'small' }))
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: other,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: ['s3:PutObject'],
              Resource: [`arn:aws:s3:::${other}/*`],
            },
          ],
        }),
      }),
    )
    const env = cliStateEnv(join(tmp.dir, 'refused'))
    const run = await runFerry(
      [
        'cp',
        `s3://${bucket}/p/`,
        `s3://${other}/q/`,
        '--to-endpoint',
        otherEndpoint(),
        '--part-size',
        '5MiB',
      ],
      env,
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`access denied to s3://${other}/q/big.bin`)
    expect(run.stderr).toContain(`s3://${other}/q/small.txt`)
    expect(await keysUnder(s3, other, '')).toEqual([])
    expect(await openUploads(s3, other)).toEqual([])
    expect((await readObject(s3, bucket, 'p/small.txt')).toString()).toBe('small')
  })
})
