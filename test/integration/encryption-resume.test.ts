// kill -9 of `ferry upload --sse-c ...` mid-upload: the journal keeps the encryption (the key's
// MD5) but never the key. `ferry resume ID` without --sse-c-key says so and changes nothing;
// with the key it reuses the stored parts and finishes an object only that key opens.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ssecParams } from '../support/encryption'
import { freshBucket, testClient } from '../support/s3'
import { cliStateEnv, jsonLines } from './objects-support'
import {
  ferryBin,
  journaledParts,
  MiB,
  openUploads,
  root,
  runFerry,
  slowLink,
  tempDir,
  waitUntil,
  writeRandomFile,
} from './upload-support'

describe('an SSE-C upload killed mid-way', () => {
  const s3 = testClient()
  const tmp = tempDir('encresume')
  const stateDir = join(tmp.dir, 'state')
  const key = randomBytes(32)
  const keyPath = join(tmp.dir, 'key.bin')
  let link: Awaited<ReturnType<typeof slowLink>>

  beforeAll(async () => {
    writeFileSync(keyPath, key)
    link = await slowLink(25 * MiB)
  })
  afterAll(async () => {
    await link.close()
    tmp.cleanup()
  })

  it('resumes only with its key, which no file under the state folder holds', async () => {
    const bucket = await freshBucket(s3, 'encresume')
    const path = join(tmp.dir, 'data.bin')
    const bytes = writeRandomFile(path, 32 * MiB)
    const env = cliStateEnv(stateDir, link.connection.endpoint)
    const child = spawn(
      process.execPath,
      [
        ferryBin,
        'upload',
        path,
        `s3://${bucket}/data.bin`,
        '--part-size',
        '5MiB',
        '--concurrency',
        '2',
        '--sse-c',
        'AES256',
        '--sse-c-key',
        `fileb://${keyPath}`,
        '--tagging',
        'kept=yes',
        '--json',
      ],
      { cwd: root, env, detached: true, stdio: 'ignore' },
    )
    const exited = new Promise((r) => child.on('exit', r))
    const journalDir = join(stateDir, 'transfers')
    let journal = ''
    await waitUntil('two parts are journaled', () => {
      let names: string[] = []
      try {
        names = readdirSync(journalDir)
      } catch {
        // Not created yet.
      }
      if (names[0]) journal = join(journalDir, names[0])
      return journal !== '' && journaledParts(journal).length >= 2
    })
    process.kill(-child.pid!, 'SIGKILL')
    await exited
    const id = journal.split('/').pop()!.replace('.journal', '')
    const [upload] = await openUploads(s3, bucket)
    expect(upload?.key).toBe('data.bin')
    const before = readFileSync(journal)
    const header = JSON.parse(before.toString().split('\n')[0]!) as { headers: { encryption: unknown } }
    expect(header.headers.encryption).toEqual({ kind: 'sse-c', keyMd5: ssecParams(key).SSECustomerKeyMD5 })

    // No key: a plain error naming the flag, and the journal and the upload stay as they were.
    const keyless = await runFerry(['resume', id], env)
    expect(keyless.code).toBe(1)
    expect(keyless.stderr).toMatch(/encrypted with a customer key \(SSE-C\), which Ferry never stores/)
    expect(keyless.stderr).toMatch(
      /Fix: Pass the key the object was written with: --sse-c-key fileb:\/\/PATH/,
    )
    expect(readFileSync(journal).equals(before)).toBe(true)
    expect(await openUploads(s3, bucket)).toEqual([upload])

    // Another key: refused the same way, before anything is sent.
    const otherPath = join(tmp.dir, 'other.bin')
    writeFileSync(otherPath, randomBytes(32))
    const wrong = await runFerry(['resume', id, '--sse-c-key', `fileb://${otherPath}`], env)
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toMatch(/not the one this upload was encrypted with/)
    expect(readFileSync(journal).equals(before)).toBe(true)

    const resumed = await runFerry(['resume', id, '--sse-c-key', `fileb://${keyPath}`, '--json'], env)
    expect(resumed.stderr).toBe('')
    expect(resumed.code).toBe(0)
    const summary = jsonLines(resumed.stdout).find((e) => e['event'] === 'summary')!
    expect(summary).toMatchObject({ id, state: 'done', verified: true })
    expect(summary['partsReused'] as number).toBeGreaterThanOrEqual(2)
    expect(await openUploads(s3, bucket)).toEqual([])
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'data.bin', ...ssecParams(key) }))
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bytes)).toBe(true)
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'data.bin', ...ssecParams(key) }))
    expect(head.SSECustomerAlgorithm).toBe('AES256')
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'data.bin' }))
    expect(tags.TagSet).toEqual([{ Key: 'kept', Value: 'yes' }])

    // The key in any form (raw bytes, base64) is in no journal or other file of the state folder.
    const files: string[] = []
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name))
        else files.push(join(dir, e.name))
      }
    }
    walk(stateDir)
    expect(files.some((f) => f.endsWith('.journal'))).toBe(true)
    for (const f of files) {
      const content = readFileSync(f)
      expect(content.includes(key), f).toBe(false)
      expect(content.includes(key.toString('base64')), f).toBe(false)
    }
  })
})
