// `ferry sync` with encryption: an upload sync writes SSE-KMS (with tags) or SSE-C objects; a
// download sync reads SSE-C objects given the key, and without it fails each file plainly,
// leaving no file behind.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { GetObjectTaggingCommand, HeadObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kmsKeyIds, ssecParams } from '../support/encryption'
import { freshBucket, testClient } from '../support/s3'
import { cliEnv, digestsOf, folderContents, syncJson } from './sync-support'
import { MiB, tempDir, writeRandomFile } from './upload-support'

describe('ferry sync with encryption', () => {
  const s3 = testClient()
  const tmp = tempDir('encsync')
  const env = cliEnv(join(tmp.dir, 'state'))
  const keyPath = join(tmp.dir, 'key.bin')
  const key = randomBytes(32)
  const source = join(tmp.dir, 'source')
  let bucket: string

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'encsync')
    writeFileSync(keyPath, key)
    mkdirSync(join(source, 'sub'), { recursive: true })
    writeFileSync(join(source, 'a.txt'), 'alpha\n')
    writeRandomFile(join(source, 'sub', 'big.bin'), 12 * MiB)
  })
  afterAll(() => tmp.cleanup())

  it('uploads SSE-KMS objects with tags', async () => {
    const [kmsKey] = kmsKeyIds()
    const r = await syncJson(
      [
        source,
        `s3://${bucket}/kms/`,
        '--sse',
        'aws:kms',
        '--sse-kms-key-id',
        kmsKey!,
        '--tagging',
        'team=ops',
      ],
      env,
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.moved).toEqual(['a.txt', 'sub/big.bin'])
    for (const k of ['kms/a.txt', 'kms/sub/big.bin']) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: k }))
      expect(head.ServerSideEncryption).toBe('aws:kms')
      expect(head.SSEKMSKeyId).toBe(kmsKey)
      const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: k }))
      expect(tags.TagSet).toEqual([{ Key: 'team', Value: 'ops' }])
    }
  })

  it('round-trips SSE-C objects: up and down with the key, a second run moves nothing', async () => {
    const sseC = ['--sse-c', 'AES256', '--sse-c-key', `fileb://${keyPath}`]
    const up = await syncJson([source, `s3://${bucket}/ssec/`, ...sseC], env)
    expect(up.stderr).toBe('')
    expect(up.moved).toEqual(['a.txt', 'sub/big.bin'])
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'ssec/sub/big.bin', ...ssecParams(key) }),
    )
    expect(head.SSECustomerKeyMD5).toBe(ssecParams(key).SSECustomerKeyMD5)
    // The same sync again finds every object unchanged.
    const again = await syncJson([source, `s3://${bucket}/ssec/`, ...sseC], env)
    expect(again.code).toBe(0)
    expect(again.moved).toEqual([])

    const down = join(tmp.dir, 'down')
    const got = await syncJson([`s3://${bucket}/ssec/`, down, '--sse-c-key', `fileb://${keyPath}`], env)
    expect(got.stderr).toBe('')
    expect(got.code).toBe(0)
    expect(digestsOf(folderContents(down))).toEqual(digestsOf(folderContents(source)))
  })

  it('a download sync without the key fails each file plainly and writes none', async () => {
    const down = join(tmp.dir, 'keyless')
    const r = await syncJson([`s3://${bucket}/ssec/`, down], env)
    expect(r.code).toBe(1)
    const failures = r.events.filter((e) => e['event'] === 'failed')
    expect(failures).toHaveLength(2)
    for (const f of failures)
      expect(JSON.stringify(f)).toContain('encrypted with a customer key: pass --sse-c-key')
    const files = existsSync(down) ? readdirSync(down, { recursive: true }) : []
    expect(files.filter((f) => String(f).endsWith('.txt') || String(f).endsWith('.bin'))).toEqual([])
  })

  it('refuses upload-only options on a download sync', async () => {
    const r = await syncJson([`s3://${bucket}/ssec/`, join(tmp.dir, 'x'), '--sse', 'AES256'], env)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(
      '--sse applies to uploads; a download reads SSE-C objects with --sse-c-key alone',
    )
  })
})
