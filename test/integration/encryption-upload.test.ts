// `ferry upload` with --sse, --sse-kms-key-id, --sse-c/--sse-c-key, --acl, --tagging and
// --storage-class against radosgw configured for SSE-KMS and SSE-C (scripts/s3-server.sh):
// what the store reports afterwards, and each bad input refused with nothing left behind.
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  GetObjectAclCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
} from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kmsKeyIds, ssecParams } from '../support/encryption'
import { freshBucket, testClient } from '../support/s3'
import { cliStateEnv, jsonLines, runCli } from './objects-support'
import { MiB, openUploads, tempDir, writeRandomFile } from './upload-support'

describe('ferry upload with encryption, ACL, tags and storage class', () => {
  const s3 = testClient()
  const tmp = tempDir('enc')
  const env = cliStateEnv(join(tmp.dir, 'state'))
  const keyPath = join(tmp.dir, 'key.bin')
  const key = randomBytes(32)
  let bucket: string
  let small: string
  let big: string
  let bigBytes: Buffer

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'enc')
    writeFileSync(keyPath, key)
    small = join(tmp.dir, 'small.txt')
    writeFileSync(small, 'hello, encrypted world\n')
    big = join(tmp.dir, 'big.bin')
    bigBytes = writeRandomFile(big, 13 * MiB)
  })
  afterAll(() => tmp.cleanup())

  const upload = (dest: string, ...flags: string[]) =>
    runCli(['upload', small, big, `s3://${bucket}/${dest}/`, '--part-size', '5MiB', '--json', ...flags], {
      env,
    })

  const verifiedBoth = (stdout: string) => {
    const summaries = jsonLines(stdout).filter((l) => l['event'] === 'summary')
    // Each file's summary comes when it ends, in either order.
    const outcomes = summaries.map((s) => [String(s['key']).split('/').pop(), s['state'], s['verified']])
    expect(outcomes.sort()).toEqual([
      ['big.bin', 'done', true],
      ['small.txt', 'done', true],
    ])
  }

  it('SSE-S3, single PUT and multipart, with tags and a canned ACL', async () => {
    const r = await upload(
      's3',
      '--sse',
      'AES256',
      '--tagging',
      'team=ops&note=two%20words',
      '--acl',
      'public-read',
    )
    expect(r.stderr).toBe('')
    verifiedBoth(r.stdout)
    for (const name of ['small.txt', 'big.bin']) {
      const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: `s3/${name}` }))
      expect(tags.TagSet?.map((t) => [t.Key, t.Value]).sort()).toEqual([
        ['note', 'two words'],
        ['team', 'ops'],
      ])
      const acl = await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: `s3/${name}` }))
      const grants = (acl.Grants ?? []).map((g) => `${g.Grantee?.URI ?? g.Grantee?.ID}:${g.Permission}`)
      expect(grants).toContain('http://acs.amazonaws.com/groups/global/AllUsers:READ')
    }
  })

  it('SSE-KMS with a key id the store knows, single PUT and multipart', async () => {
    const [keyId] = kmsKeyIds()
    const r = await upload(
      'kms',
      '--sse',
      'aws:kms',
      '--sse-kms-key-id',
      keyId!,
      '--storage-class',
      'STANDARD',
    )
    expect(r.stderr).toBe('')
    verifiedBoth(r.stdout)
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'kms/big.bin' }))
    expect([head.ServerSideEncryption, head.SSEKMSKeyId]).toEqual(['aws:kms', keyId])
    const headSmall = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'kms/small.txt' }))
    expect(headSmall.SSEKMSKeyId).toBe(keyId)
  })

  it('SSE-C from a key file: every part carries the key, and only the key opens the object', async () => {
    const r = await upload('ssec', '--sse-c', 'AES256', '--sse-c-key', `fileb://${keyPath}`)
    expect(r.stderr).toBe('')
    verifiedBoth(r.stdout)
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'ssec/big.bin', ...ssecParams(key) }),
    )
    expect(head.SSECustomerKeyMD5).toBe(ssecParams(key).SSECustomerKeyMD5)
    const got = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'ssec/big.bin', ...ssecParams(key) }),
    )
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bigBytes)).toBe(true)
    await expect(
      s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'ssec/big.bin' })),
    ).rejects.toMatchObject({
      $metadata: { httpStatusCode: 400 },
    })
  })

  it('SSE-C with the key itself on the command line (32 characters, as aws-cli takes it)', async () => {
    const raw = 'k'.repeat(16) + 'e'.repeat(16)
    const r = await runCli(
      ['upload', small, `s3://${bucket}/raw.txt`, '--sse-c', 'AES256', '--sse-c-key', raw],
      { env },
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'raw.txt', ...ssecParams(Buffer.from(raw)) }),
    )
    expect(head.SSECustomerAlgorithm).toBe('AES256')
  })

  it('ferry stream: SSE-KMS with tags, and SSE-C in parts, from a file:// URL', async () => {
    const [keyId] = kmsKeyIds()
    const kms = await runCli(
      [
        'stream',
        `file://${big}`,
        `s3://${bucket}/stream/kms.bin`,
        '--part-size',
        '5MiB',
        '--sse',
        'aws:kms',
        '--sse-kms-key-id',
        keyId!,
        '--tagging',
        'from=stream',
      ],
      { env },
    )
    expect(kms.stderr).toBe('')
    expect(kms.code).toBe(0)
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'stream/kms.bin' }))
    expect([head.ServerSideEncryption, head.SSEKMSKeyId]).toEqual(['aws:kms', keyId])
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'stream/kms.bin' }))
    expect(tags.TagSet).toEqual([{ Key: 'from', Value: 'stream' }])
    const ssec = await runCli(
      [
        'stream',
        `file://${big}`,
        `s3://${bucket}/stream/c.bin`,
        '--part-size',
        '5MiB',
        '--sse-c',
        'AES256',
        '--sse-c-key',
        `fileb://${keyPath}`,
      ],
      { env },
    )
    expect(ssec.stderr).toBe('')
    expect(ssec.code).toBe(0)
    const got = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'stream/c.bin', ...ssecParams(key) }),
    )
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bigBytes)).toBe(true)
  })

  describe('bad input: one clear error, nothing left behind', () => {
    const refused = async (dest: string, flags: string[], message: RegExp, code = 1) => {
      const r = await upload(dest, ...flags)
      expect(r.code).toBe(code)
      // With --json a failed file's error is in its summary line; usage errors go to stderr.
      expect(r.stdout + r.stderr).toMatch(message)
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${dest}/` }))
      expect(listed.KeyCount ?? 0).toBe(0)
      expect(await openUploads(s3, bucket)).toEqual([])
      return r
    }

    it('an unknown KMS key id is named as such, not as a credentials problem', async () => {
      const r = await refused(
        'nokey',
        ['--sse', 'aws:kms', '--sse-kms-key-id', 'no-such-key'],
        /KMS key not found: no-such-key/,
      )
      expect(r.stdout).not.toMatch(/access key id/)
      expect(r.stdout).toMatch(/"fix":"Give a KMS key id the store knows with --sse-kms-key-id/)
    })

    it('an SSE-C key of the wrong length, or a key file that cannot be read', async () => {
      const short = join(tmp.dir, 'short.bin')
      writeFileSync(short, randomBytes(16))
      await refused(
        'short',
        ['--sse-c', 'AES256', '--sse-c-key', `fileb://${short}`],
        /the SSE-C key in .*short.bin is 16 bytes; AES-256 needs exactly 32/,
        2,
      )
      await refused(
        'gone',
        ['--sse-c', 'AES256', '--sse-c-key', `fileb://${join(tmp.dir, 'missing.bin')}`],
        /cannot read the SSE-C key file .*missing.bin \(ENOENT: no such file or directory\)/,
        2,
      )
      await refused('nosse', ['--sse-c-key', `fileb://${keyPath}`], /--sse-c-key needs --sse-c AES256/, 2)
    })

    it('a storage class the store does not offer', async () => {
      await refused(
        'class',
        ['--storage-class', 'GLACIER_IR'],
        /the store refused storage class \\?"GLACIER_IR/,
      )
    })

    it('tags S3 would refuse, before any request', async () => {
      await refused('tags', ['--tagging', 'team'], /--tagging "team" is not KEY=VALUE/, 2)
      await refused('acl', ['--acl', 'everyone'], /--acl "everyone" is not a canned ACL/, 2)
    })

    it('a bucket policy that demands encryption: the 403 says so and names --sse', async () => {
      const guarded = await freshBucket(s3, 'encpolicy')
      await s3.send(
        new PutBucketPolicyCommand({
          Bucket: guarded,
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Deny',
                Principal: '*',
                Action: 's3:PutObject',
                Resource: `arn:aws:s3:::${guarded}/*`,
                Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } },
              },
            ],
          }),
        }),
      )
      const plain = await runCli(['upload', small, big, `s3://${guarded}/`, '--part-size', '5MiB'], { env })
      expect(plain.code).toBe(1)
      expect(plain.stderr).toMatch(/access denied to s3:\/\/.*; the bucket's policy may require encryption/)
      expect(plain.stderr).toMatch(/--sse aws:kms/)
      expect(await openUploads(s3, guarded)).toEqual([])
      const [keyId] = kmsKeyIds()
      const encrypted = await runCli(
        [
          'upload',
          small,
          big,
          `s3://${guarded}/`,
          '--part-size',
          '5MiB',
          '--sse',
          'aws:kms',
          '--sse-kms-key-id',
          keyId!,
        ],
        { env },
      )
      expect(encrypted.stderr).toBe('')
      expect(encrypted.code).toBe(0)
    })
  })
})
