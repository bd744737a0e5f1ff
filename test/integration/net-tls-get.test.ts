// `ferry get` through the TLS front (scripts/net-servers.sh) with the run's certificate authority:
// the ranges are read straight off the TLS socket (s3/range-get.ts), as the --debug trace shows
// (the SDK's requests carry amz-sdk-invocation-id, the direct ones do not), and the file is
// exact; a certificate not trusted is still named with its fix, and no file is written.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshBucket, testClient } from '../support/s3'
import { randomSource } from '../support/source-servers'
import { cliEnv, runCli } from './objects-support'
import { net } from './net-support'
import { MiB, tempDir } from './upload-support'

/** The GETs of the trace: the range asked for and whether the SDK sent it. */
function tracedGets(stderr: string): { range: string; bySdk: boolean }[] {
  return stderr
    .split('ferry debug:\n')
    .filter((block) => block.startsWith('> GET '))
    .map((block) => ({
      range: /^>\s+range: (.*)$/m.exec(block)?.[1] ?? '',
      bySdk: /^>\s+amz-sdk-invocation-id:/m.test(block),
    }))
}

describe('ferry get through TLS', () => {
  const s3 = testClient()
  const tmp = tempDir('tls-get')
  const bytes = randomSource(13 * MiB + 5)
  let bucket: string

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'tlsget')
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big.bin', Body: bytes }))
  })
  afterAll(() => tmp.cleanup())

  const env = (extra: Record<string, string>) =>
    cliEnv({ FERRY_STATE_DIR: join(tmp.dir, 'state'), AWS_ENDPOINT_URL: net.tls(), ...extra })

  it('reads every range off the TLS socket, trusting the CA from AWS_CA_BUNDLE; the file is exact', async () => {
    const target = join(tmp.dir, 'big.out')
    const run = await runCli(['get', `s3://${bucket}/big.bin`, target, '--part-size', '5MiB', '--debug'], {
      env: env({ AWS_CA_BUNDLE: net.caFile() }),
    })
    expect(run.code, run.stderr).toBe(0)
    const gets = tracedGets(run.stderr)
    expect(gets.map((g) => g.range).sort()).toEqual([
      'bytes=0-5242879',
      'bytes=10485760-13631492',
      'bytes=5242880-10485759',
    ])
    expect(gets.filter((g) => g.bySdk)).toEqual([])
    expect(run.stderr).not.toMatch(/< error .* for GET/)
    expect(readFileSync(target).equals(bytes)).toBe(true)
  })

  it('names a certificate signed by an unknown authority, with its fix, and writes nothing', async () => {
    const target = join(tmp.dir, 'refused.out')
    const run = await runCli(['get', `s3://${bucket}/big.bin`, target, '--part-size', '5MiB'], {
      env: env({}),
    })
    expect(run.code, run.stderr).toBe(1)
    expect(run.stderr).toContain('is signed by an unknown certificate authority')
    expect(run.stderr).toContain('Fix: Add the certificate authority')
    expect(existsSync(target)).toBe(false)
  })
})
