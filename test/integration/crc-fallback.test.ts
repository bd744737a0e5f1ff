// The built engine without the native CRC32 binding (as on a platform @node-rs/crc32 has no
// binary for, NAPI_RS_NATIVE_LIBRARY_PATH pointing nowhere): uploads to a store that keeps
// checksums fall back to zlib.crc32 and still end proven by the same full-object CRC32.
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { HeadObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, describe, expect, it } from 'vitest'
import { startStub } from '../support/stub-s3'
import { cliStateEnv, jsonLines, runCli } from './objects-support'
import { MiB, tempDir, writeRandomFile } from './upload-support'

const crc32Base64 = (bytes: Buffer): string => {
  const out = Buffer.alloc(4)
  out.writeUInt32BE(crc32(bytes))
  return out.toString('base64')
}

describe('uploads without the native CRC32 binding', () => {
  const tmp = tempDir('crcfallback')
  afterAll(() => tmp.cleanup())

  it('prove single and multipart uploads by the full-object CRC32 from zlib.crc32', async () => {
    // Every object SSE-KMS, so that no ETag is an MD5 and only the CRC can prove them.
    const stub = await startStub(['--default-sse-kms'])
    try {
      const files = {
        'small.txt': writeRandomFile(join(tmp.dir, 'small.txt'), 3000),
        'big.bin': writeRandomFile(join(tmp.dir, 'big.bin'), 12 * MiB),
      }
      const env = {
        ...cliStateEnv(join(tmp.dir, 'state'), stub.endpoint),
        NAPI_RS_NATIVE_LIBRARY_PATH: join(tmp.dir, 'no-such-crc32.node'),
      }
      const run = await runCli(
        [
          'upload',
          ...Object.keys(files).map((f) => join(tmp.dir, f)),
          's3://stub-bucket/fallback/',
          '--part-size',
          '5MiB',
          '--multipart-threshold',
          '5MiB',
          '--json',
        ],
        { env },
      )
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      const summaries = jsonLines(run.stdout).filter((l) => l['event'] === 'summary')
      expect(summaries).toHaveLength(2)
      for (const s of summaries)
        expect(s).toMatchObject({ verified: true, verification: 'full-object-crc32' })
      for (const [name, bytes] of Object.entries(files)) {
        const head = await stub.client.send(
          new HeadObjectCommand({ Bucket: 'stub-bucket', Key: `fallback/${name}`, ChecksumMode: 'ENABLED' }),
        )
        expect(head).toMatchObject({ ChecksumCRC32: crc32Base64(bytes), ChecksumType: 'FULL_OBJECT' })
      }
    } finally {
      await stub.stop()
    }
  })
})
