// Encrypted objects against radosgw, which refuses to copy them server-side (501): `ferry mv`
// streams an SSE-KMS object through Ferry, encrypted under the same key, its metadata and tags
// kept; an SSE-C object, whose key Ferry does not hold, fails naming it, with nothing moved.
import { createHash, randomBytes } from 'node:crypto'
import { CopyObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { freshBucket, KMS_TEST_KEY_ID, testClient } from '../support/s3'
import { keysUnder, tagsOf } from './move-support'
import { cliStateEnv, jsonLines } from './objects-support'
import { MiB, openUploads, readObject, runFerry, tempDir } from './upload-support'

const s3 = testClient()
const tmp = tempDir('mvenc')
afterAll(() => tmp.cleanup())
const env = (label: string) => cliStateEnv(join(tmp.dir, label))

describe('ferry mv of encrypted objects on a store that will not copy them', () => {
  it('streams an SSE-KMS object through Ferry under the same key; the plain ones go server-side', async () => {
    const bucket = await freshBucket(s3, 'mvkms')
    const secret = randomBytes(6 * MiB + 3)
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'vault/secret.bin',
        Body: secret,
        ContentType: 'application/x-secret',
        Metadata: { owner: 'ops' },
        Tagging: 'class=secret',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KMS_TEST_KEY_ID,
      }),
    )
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'vault/plain.txt', Body: 'plain' }))
    // What makes the stream necessary: the store refuses the server-side copy outright.
    await expect(
      s3.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: 'probe.bin',
          CopySource: `${bucket}/vault/secret.bin`,
        }),
      ),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 501 } })

    const run = await runFerry(
      ['mv', `s3://${bucket}/vault/`, `s3://${bucket}/safe/`, '--part-size', '5MiB', '--json'],
      env('kms'),
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const events = jsonLines(run.stdout)
    expect(events.find((e) => e['event'] === 'summary')).toMatchObject({ objects: 2, failed: 0 })
    const streamed = events.find((e) => e['event'] === 'done' && String(e['source']).endsWith('secret.bin'))
    expect(streamed?.['how']).toMatch(/^streamed through Ferry/)
    const plain = events.find((e) => e['event'] === 'done' && String(e['source']).endsWith('plain.txt'))
    expect(plain?.['how']).not.toMatch(/streamed/)

    expect((await readObject(s3, bucket, 'safe/secret.bin')).equals(secret)).toBe(true)
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'safe/secret.bin' }))
    expect(head).toMatchObject({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KMS_TEST_KEY_ID,
      ContentType: 'application/x-secret',
      Metadata: { owner: 'ops' },
    })
    expect(head.ETag).toMatch(/-2"$/)
    expect(await tagsOf(s3, bucket, 'safe/secret.bin')).toEqual({ class: 'secret' })
    expect((await readObject(s3, bucket, 'safe/plain.txt')).toString()).toBe('plain')
    expect(await keysUnder(s3, bucket, 'vault/')).toEqual([])
    expect(await openUploads(s3, bucket)).toEqual([])
  })

  it('an SSE-C object, whose key Ferry does not hold, fails naming it: kept where it was, nothing copied', async () => {
    const bucket = await freshBucket(s3, 'mvssec')
    const key = randomBytes(32)
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'vault/locked.bin',
        Body: 'locked',
        SSECustomerAlgorithm: 'AES256',
        SSECustomerKey: key.toString('base64'),
        SSECustomerKeyMD5: createHash('md5').update(key).digest('base64'),
      }),
    )
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'vault/plain.txt', Body: 'plain' }))
    const run = await runFerry(['mv', `s3://${bucket}/vault/`, `s3://${bucket}/safe/`], env('ssec'))
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      `s3://${bucket}/vault/locked.bin cannot be read without a key (HTTP 400 to its HEAD): it is most likely encrypted with a customer-provided key (SSE-C)`,
    )
    expect(run.stderr).toContain('Fix: Move, copy or read it with a tool given its key')
    expect(run.stdout).toContain('1 object moved (5 B), 0 skipped, 1 failed')
    expect(await keysUnder(s3, bucket, '')).toEqual(['safe/plain.txt', 'vault/locked.bin'])
    expect(await openUploads(s3, bucket)).toEqual([])
  })
})
