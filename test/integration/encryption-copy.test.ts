// Metadata edits and copies keep what the object was uploaded with: tags (radosgw drops them on
// every CopyObject), storage class and encryption. An encrypted object the store cannot copy
// (radosgw: SSE-KMS and SSE-C, 501 NotImplemented) fails with a named error and is unchanged.
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { GetObjectTaggingCommand, HeadObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kmsKeyIds, ssecParams } from '../support/encryption'
import { freshBucket, testClient } from '../support/s3'
import { cliStateEnv, runCli } from './objects-support'
import { tempDir } from './upload-support'

describe('metadata edits and copies of tagged and encrypted objects', () => {
  const s3 = testClient()
  const tmp = tempDir('enccopy')
  const env = cliStateEnv(join(tmp.dir, 'state'))
  const keyPath = join(tmp.dir, 'key.bin')
  const key = randomBytes(32)
  const file = join(tmp.dir, 'doc.txt')
  let bucket: string

  const tagsOf = async (k: string) =>
    ((await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: k }))).TagSet ?? [])
      .map((t) => `${t.Key}=${t.Value}`)
      .sort()

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'enccopy')
    writeFileSync(keyPath, key)
    writeFileSync(file, 'a document\n')
  })
  afterAll(() => tmp.cleanup())

  it('ferry meta keeps the tags and the storage class; ferry cp too; --tagging replaces the tags', async () => {
    const up = await runCli(
      [
        'upload',
        file,
        `s3://${bucket}/tagged.txt`,
        '--tagging',
        'team=ops&keep=me',
        '--storage-class',
        'STANDARD',
      ],
      { env },
    )
    expect(up.stderr).toBe('')
    const meta = await runCli(['meta', `s3://${bucket}/tagged.txt`, '--set', 'owner=alice'], { env })
    expect(meta.stderr).toBe('')
    expect(meta.stdout).toContain('x-amz-meta-owner: alice')
    expect(await tagsOf('tagged.txt')).toEqual(['keep=me', 'team=ops'])
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'tagged.txt' }))
    expect(head.StorageClass ?? 'STANDARD').toBe('STANDARD')

    const cp = await runCli(['cp', `s3://${bucket}/tagged.txt`, `s3://${bucket}/copy.txt`], { env })
    expect(cp.stderr).toBe('')
    expect(await tagsOf('copy.txt')).toEqual(['keep=me', 'team=ops'])

    const retag = await runCli(['meta', `s3://${bucket}/tagged.txt`, '--tagging', 'team=dev'], { env })
    expect(retag.stderr).toBe('')
    expect(await tagsOf('tagged.txt')).toEqual(['team=dev'])
  })

  it('an SSE-KMS object: the store refuses to copy it, Ferry says so and nothing changes', async () => {
    const [keyId] = kmsKeyIds()
    await runCli(
      [
        'upload',
        file,
        `s3://${bucket}/kms.txt`,
        '--sse',
        'aws:kms',
        '--sse-kms-key-id',
        keyId!,
        '--tagging',
        'a=1',
      ],
      {
        env,
      },
    )
    const before = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'kms.txt' }))
    const meta = await runCli(['meta', `s3://${bucket}/kms.txt`, '--set', 'owner=alice'], { env })
    expect(meta.code).toBe(1)
    expect(meta.stderr).toContain(
      `this store cannot copy s3://${bucket}/kms.txt on the server: it is SSE-KMS (key ${keyId}) encrypted (NotImplemented); nothing was changed`,
    )
    expect(meta.stderr).toMatch(/Fix: Download it and upload it again/)
    const after = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'kms.txt' }))
    expect([after.ETag, after.LastModified, after.Metadata, after.SSEKMSKeyId]).toEqual([
      before.ETag,
      before.LastModified,
      before.Metadata,
      keyId,
    ])
    expect(await tagsOf('kms.txt')).toEqual(['a=1'])
  })

  it('an SSE-C object: the edit asks for its key, then is refused the same way', async () => {
    await runCli(
      ['upload', file, `s3://${bucket}/c.txt`, '--sse-c', 'AES256', '--sse-c-key', `fileb://${keyPath}`],
      { env },
    )
    const keyless = await runCli(['meta', `s3://${bucket}/c.txt`, '--set', 'owner=alice'], { env })
    expect(keyless.code).toBe(1)
    expect(keyless.stderr).toContain(
      `s3://${bucket}/c.txt is encrypted with a customer key: pass --sse-c-key`,
    )
    const keyed = await runCli(
      ['meta', `s3://${bucket}/c.txt`, '--set', 'owner=alice', '--sse-c-key', `fileb://${keyPath}`],
      { env },
    )
    expect(keyed.code).toBe(1)
    expect(keyed.stderr).toContain('it is SSE-C encrypted (NotImplemented); nothing was changed')
    const after = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'c.txt', ...ssecParams(key) }))
    expect(after.Metadata?.['owner']).toBeUndefined()
    const shown = await runCli(['meta', `s3://${bucket}/c.txt`, '--sse-c-key', `fileb://${keyPath}`], { env })
    expect(shown.code).toBe(0)
    expect(shown.stdout).toContain('content-type: text/plain')
  })
})
