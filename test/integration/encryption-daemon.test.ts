// `ferry send` hands the daemon encryption, ACL, tags and storage class with the file; an SSE-C
// key crosses the private socket and stays in the daemon's memory, never in its queue.
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kmsKeyIds, ssecParams } from '../support/encryption'
import { freshBucket, testClient } from '../support/s3'
import { daemonEnv, ferry, startDaemon, type DaemonProcess } from './daemon-support'
import { MiB, tempDir, writeRandomFile } from './upload-support'

describe('ferry send with encryption and tags', () => {
  const s3 = testClient()
  const tmp = tempDir('encdaemon')
  const stateDir = join(tmp.dir, 'state')
  const env = daemonEnv(stateDir)
  const key = randomBytes(32)
  const keyPath = join(tmp.dir, 'key.bin')
  let daemon: DaemonProcess
  let bucket: string

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'encdaemon')
    writeFileSync(keyPath, key)
    daemon = await startDaemon(env)
  })
  afterAll(async () => {
    await daemon.stop()
    tmp.cleanup()
  })

  it('stores SSE-KMS with tags, and SSE-C in parts with the key held only in memory', async () => {
    const small = join(tmp.dir, 'note.txt')
    writeFileSync(small, 'sent to the daemon\n')
    const [keyId] = kmsKeyIds()
    const kms = await ferry(
      [
        'send',
        small,
        `s3://${bucket}/kms.txt`,
        '--sse',
        'aws:kms',
        '--sse-kms-key-id',
        keyId!,
        '--tagging',
        'via=daemon',
      ],
      env,
    )
    expect(kms.stderr).toBe('')
    expect(kms.code).toBe(0)
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'kms.txt' }))
    expect([head.ServerSideEncryption, head.SSEKMSKeyId]).toEqual(['aws:kms', keyId])
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'kms.txt' }))
    expect(tags.TagSet).toEqual([{ Key: 'via', Value: 'daemon' }])

    const big = join(tmp.dir, 'big.bin')
    const bytes = writeRandomFile(big, 20 * MiB)
    const ssec = await ferry(
      ['send', big, `s3://${bucket}/big.bin`, '--sse-c', 'AES256', '--sse-c-key', `fileb://${keyPath}`],
      env,
    )
    expect(ssec.stderr).toBe('')
    expect(ssec.code).toBe(0)
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.bin', ...ssecParams(key) }))
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bytes)).toBe(true)

    const refused = await ferry(['send', small, `s3://${bucket}/bad.txt`, '--sse-c', 'AES256'], env)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/--sse-c needs --sse-c-key/)

    const files: string[] = []
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name))
        else if (e.isFile()) files.push(join(dir, e.name))
      }
    }
    walk(stateDir)
    expect(files.some((f) => f.endsWith('queue.jsonl'))).toBe(true)
    for (const f of files) {
      const content = readFileSync(f)
      expect(content.includes(key.toString('base64')), f).toBe(false)
      expect(content.includes(key), f).toBe(false)
    }
  })
})
