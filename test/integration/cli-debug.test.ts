// `ferry --debug` against radosgw: the requests of the CLI (ls) and of the engine it runs in its
// own process (upload) are printed on stderr as they go out, signed, with the signature and the
// session token redacted; the command's own output and exit code are unchanged.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { daemonEnv, ferry } from './daemon-support'
import { MiB, tempDir, writeRandomFile } from './upload-support'

const SECRET = testConnection().credentials!.secretAccessKey
const TOKEN = 'FwoGZXIvYXdzFERRYDEBUGSESSIONTOKEN/h0+k3nZz0123456789abcdef'
const RAW_SIGNATURE = /Signature=[0-9a-f]{64}/

describe('ferry --debug', () => {
  const s3 = testClient()
  const tmp = tempDir('cli-debug')
  let bucket: string
  // radosgw ignores a session token for static keys: it rides along, to be redacted.
  const env = () => ({ ...daemonEnv(join(tmp.dir, 'state')), AWS_SESSION_TOKEN: TOKEN })

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'debug')
  })
  afterAll(() => tmp.cleanup())

  it('prints the engine’s upload requests, multipart included, with secrets redacted', async () => {
    const file = join(tmp.dir, 'big.bin')
    writeRandomFile(file, 12 * MiB)
    const run = await ferry(
      [
        '--debug',
        'upload',
        file,
        `s3://${bucket}/big.bin`,
        '--part-size',
        '5MiB',
        '--multipart-threshold',
        '5MiB',
      ],
      env(),
    )
    expect(run.code).toBe(0)
    const endpoint = testConnection().endpoint
    expect(run.stderr).toContain(`> POST ${endpoint}/${bucket}/big.bin?uploads`)
    expect(run.stderr).toMatch(new RegExp(`> PUT ${endpoint}/${bucket}/big.bin\\?partNumber=1&uploadId=`))
    expect(run.stderr).toMatch(/ferry debug: < 200 for PUT \/[^ ]+\/big.bin \(\d+ ms\)/)
    expect(run.stderr).toMatch(
      /> {3}authorization: AWS4-HMAC-SHA256 Credential=\S+, SignedHeaders=\S+, Signature=\[redacted\]/,
    )
    expect(run.stderr).toContain('>   x-amz-security-token: [redacted]')
    expect(run.stderr).not.toMatch(RAW_SIGNATURE)
    expect(run.stderr).not.toContain(SECRET)
    expect(run.stderr).not.toContain(TOKEN)
    // The upload's own report is what it is without --debug.
    expect(run.stdout).toContain('big.bin')
  })

  it('prints the CLI’s own requests, and nothing without the flag', async () => {
    writeFileSync(join(tmp.dir, 'small.txt'), 'small\n')
    expect(
      (await ferry(['upload', join(tmp.dir, 'small.txt'), `s3://${bucket}/small.txt`], env())).code,
    ).toBe(0)
    const traced = await ferry(['ls', `s3://${bucket}/`, '--debug'], env())
    expect(traced.code).toBe(0)
    expect(traced.stderr).toMatch(new RegExp(`> GET ${testConnection().endpoint}/${bucket}/\\?list-type=2`))
    expect(traced.stderr).toMatch(/ferry debug: < 200 for GET/)
    expect(traced.stderr).not.toMatch(RAW_SIGNATURE)
    expect(traced.stderr).not.toContain(TOKEN)
    const plain = await ferry(['ls', `s3://${bucket}/`], env())
    expect(plain.stdout).toBe(traced.stdout)
    expect(plain.stderr).not.toContain('ferry debug')
  })
})
