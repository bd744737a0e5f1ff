// Reading SSE-C objects: `ferry get`, `ferry head` and `ferry verify` need the key the object
// was written with; without it (or with another) each says so plainly and leaves no file behind.
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ssecParams } from '../support/encryption'
import { freshBucket, testClient } from '../support/s3'
import { cliStateEnv, runCli } from './objects-support'
import { MiB, tempDir, writeRandomFile } from './upload-support'

describe('SSE-C objects read back', () => {
  const s3 = testClient()
  const tmp = tempDir('encread')
  const env = cliStateEnv(join(tmp.dir, 'state'))
  const keyPath = join(tmp.dir, 'key.bin')
  const otherPath = join(tmp.dir, 'other.bin')
  const key = randomBytes(32)
  let bucket: string
  let big: string
  let bytes: Buffer

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'encread')
    writeFileSync(keyPath, key)
    writeFileSync(otherPath, randomBytes(32))
    big = join(tmp.dir, 'big.bin')
    bytes = writeRandomFile(big, 17 * MiB)
    const up = await runCli(
      [
        'upload',
        big,
        `s3://${bucket}/big.bin`,
        '--part-size',
        '5MiB',
        '--sse-c',
        'AES256',
        '--sse-c-key',
        `fileb://${keyPath}`,
      ],
      { env },
    )
    expect(up.stderr).toBe('')
  })
  afterAll(() => tmp.cleanup())

  it('ferry get with the key downloads it (multipart, every range with the key) whole and verified', async () => {
    const target = join(tmp.dir, 'got.bin')
    const r = await runCli(['get', `s3://${bucket}/big.bin`, target, '--sse-c-key', `fileb://${keyPath}`], {
      env,
    })
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^verified: /m)
    expect(readFileSync(target).equals(bytes)).toBe(true)
  })

  it('without the key, or with another, get refuses plainly and writes nothing', async () => {
    const dir = join(tmp.dir, 'refused')
    const keyless = await runCli(['get', `s3://${bucket}/big.bin`, join(dir, 'a.bin')], { env })
    expect(keyless.code).toBe(1)
    expect(keyless.stderr).toContain(
      `s3://${bucket}/big.bin is encrypted with a customer key: pass --sse-c-key`,
    )
    const wrong = await runCli(
      ['get', `s3://${bucket}/big.bin`, join(dir, 'b.bin'), '--sse-c-key', `fileb://${otherPath}`],
      {
        env,
      },
    )
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain(`the SSE-C key given does not open s3://${bucket}/big.bin`)
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([])
  })

  it('ferry head shows the encryption with the key, and asks for it without', async () => {
    const keyless = await runCli(['head', `s3://${bucket}/big.bin`], { env })
    expect(keyless.code).toBe(1)
    expect(keyless.stderr).toMatch(/encrypted with a customer key: pass --sse-c-key/)
    const r = await runCli(['head', `s3://${bucket}/big.bin`, '--sse-c-key', `fileb://${keyPath}`], { env })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('sse-customer-algorithm: AES256')
    expect(r.stdout).toContain(`sse-customer-key-md5: ${ssecParams(key).SSECustomerKeyMD5}`)
  })

  it('ferry verify compares the object with the file given the key', async () => {
    const keyless = await runCli(['verify', big, `s3://${bucket}/big.bin`], { env })
    expect(keyless.code).toBe(1)
    expect(keyless.stderr).toMatch(/encrypted with a customer key: pass --sse-c-key/)
    const r = await runCli(['verify', big, `s3://${bucket}/big.bin`, '--sse-c-key', `fileb://${keyPath}`], {
      env,
    })
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^equal: /)
  })
})
