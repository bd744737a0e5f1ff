// Every upload ends proven, or says what was proven, on every kind of store: against the
// project's AWS-like stub (full-object CRC32 where the ETag is no MD5: SSE-KMS objects, R2's
// multipart ETags; a part damaged at rest caught; a store with neither checksums nor MD5
// ETags reported as "parts"), and against radosgw, which keeps its ETag proof.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { HeadObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { freshBucket, testClient } from '../support/s3'
import { startStub, type Stub } from '../support/stub-s3'
import { cliStateEnv, jsonLines, runCli } from './objects-support'
import { MiB, tempDir, writeRandomFile } from './upload-support'

/** Parts of 5 MiB from 5 MiB up: the 12 MiB files go multipart. */
const MULTIPART = ['--part-size', '5MiB', '--multipart-threshold', '5MiB']

const tmp = tempDir('proof')
afterAll(() => tmp.cleanup())

const crc32Base64 = (bytes: Buffer): string => {
  const out = Buffer.alloc(4)
  out.writeUInt32BE(crc32(bytes))
  return out.toString('base64')
}
const md5Hex = (bytes: Buffer): string => createHash('md5').update(bytes).digest('hex')

let stub: Stub | undefined
afterEach(async () => {
  await stub?.stop()
  stub = undefined
})

/** `ferry upload FILES... s3://bucket/prefix/ --json` against the stub; its summaries by key. */
async function uploadTo(endpoint: string, files: string[], prefix: string, extra: string[] = []) {
  const env = cliStateEnv(join(tmp.dir, `state-${prefix}`), endpoint)
  const run = await runCli(['upload', ...files, `s3://stub-bucket/${prefix}/`, '--json', ...extra], { env })
  const summaries = new Map(
    jsonLines(run.stdout)
      .filter((l) => l['event'] === 'summary')
      .map((s) => [String(s['key']).split('/').pop(), s]),
  )
  return { run, summaries }
}

function twoFiles(label: string): { small: string; big: string; smallBytes: Buffer; bigBytes: Buffer } {
  const small = join(tmp.dir, `${label}-small.txt`)
  const big = join(tmp.dir, `${label}-big.bin`)
  return { small, big, smallBytes: writeRandomFile(small, 3000), bigBytes: writeRandomFile(big, 12 * MiB) }
}

describe('proof on an AWS-like store (the stub)', () => {
  it('proves SSE-KMS objects, whose ETags are not MD5s, by their full-object CRC32', async () => {
    stub = await startStub(['--default-sse-kms'])
    const f = twoFiles('kms')
    const { run, summaries } = await uploadTo(stub.endpoint, [f.small, f.big], 'kms', MULTIPART)
    expect(run.code).toBe(0)
    for (const [name, bytes] of [
      ['kms-small.txt', f.smallBytes],
      ['kms-big.bin', f.bigBytes],
    ] as const) {
      expect(summaries.get(name)).toMatchObject({ verified: true, verification: 'full-object-crc32' })
      // The ETag proves nothing here: it is not the MD5 of the bytes (nor of their parts).
      expect(summaries.get(name)!['etag']).not.toContain(md5Hex(bytes))
      const head = await stub.client.send(
        new HeadObjectCommand({ Bucket: 'stub-bucket', Key: `kms/${name}`, ChecksumMode: 'ENABLED' }),
      )
      expect(head.ServerSideEncryption).toBe('aws:kms')
      expect(head).toMatchObject({ ChecksumCRC32: crc32Base64(bytes), ChecksumType: 'FULL_OBJECT' })
    }
  })

  it('proves a multipart upload by its CRC where multipart ETags are not MD5s of the part MD5s (R2)', async () => {
    stub = await startStub(['--r2-etags'])
    const f = twoFiles('r2')
    const { run, summaries } = await uploadTo(stub.endpoint, [f.big], 'r2', MULTIPART)
    expect(run.code).toBe(0)
    const s = summaries.get('r2-big.bin')!
    expect(s).toMatchObject({ verified: true, verification: 'full-object-crc32' })
    expect(s['detail']).toContain('not an MD5 of the parts')
    // The human line names the method too.
    const human = await runCli(['upload', f.big, 's3://stub-bucket/r2h/', ...MULTIPART], {
      env: cliStateEnv(join(tmp.dir, 'state-r2h'), stub.endpoint),
    })
    expect(human.stdout).toMatch(/verified \(full-object-crc32\)/)
  })

  it('catches a part damaged after it was accepted: the Complete is refused, the upload aborted, no object', async () => {
    stub = await startStub(['--corrupt-part', '2'])
    const f = twoFiles('rot')
    const { run, summaries } = await uploadTo(stub.endpoint, [f.big], 'rot', MULTIPART)
    expect(run.code).toBe(1)
    const s = summaries.get('rot-big.bin')!
    expect(s).toMatchObject({ state: 'failed', verified: false, error: { code: 'integrity' } })
    expect((s['error'] as { message: string }).message).toMatch(
      /CRC32 of the parts .* differs .*a part was damaged after it was accepted/,
    )
    const missing = await stub.client
      .send(new HeadObjectCommand({ Bucket: 'stub-bucket', Key: 'rot/rot-big.bin' }))
      .then(
        () => 'found',
        (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode,
      )
    expect(missing).toBe(404)
    const open = await stub.client.send(new ListMultipartUploadsCommand({ Bucket: 'stub-bucket' }))
    expect(open.Uploads ?? []).toEqual([])
  })

  it('on a store with neither checksums nor MD5 ETags, says what was proven: the parts, and why no more', async () => {
    stub = await startStub(['--ignore-checksums', '--default-sse-kms'])
    const f = twoFiles('none')
    const { run, summaries } = await uploadTo(stub.endpoint, [f.small, f.big], 'none', [
      '--part-size',
      '5MiB',
    ])
    expect(run.code).toBe(0)
    for (const name of ['none-small.txt', 'none-big.bin']) {
      const s = summaries.get(name)!
      expect(s).toMatchObject({ verified: false, verification: 'parts' })
      expect(s['reason']).toMatch(/no full-object checksum .*encrypted \(aws:kms\).*Content-MD5.*part list/)
    }
    // Like radosgw, the store ignored the checksums it was sent: none comes back.
    const head = await stub.client.send(
      new HeadObjectCommand({ Bucket: 'stub-bucket', Key: 'none/none-big.bin', ChecksumMode: 'ENABLED' }),
    )
    expect(head.ChecksumCRC32).toBeUndefined()
  })
})

describe('downloads of objects whose ETag is not an MD5', () => {
  /** Uploads a 12 MiB file to the stub with Ferry, then gets it back; the `done` line of the get. */
  async function roundTrip(label: string): Promise<{ done: Record<string, unknown>; same: boolean }> {
    const f = twoFiles(label)
    const env = cliStateEnv(join(tmp.dir, `state-${label}`), stub!.endpoint)
    const up = await runCli(['upload', f.big, `s3://stub-bucket/${label}/`, ...MULTIPART], { env })
    expect(up.code).toBe(0)
    const target = join(tmp.dir, `${label}-back.bin`)
    const get = await runCli(['get', `s3://stub-bucket/${label}/${label}-big.bin`, target, '--json'], { env })
    expect(get.code).toBe(0)
    const done = jsonLines(get.stdout).find((l) => l['event'] === 'done')!
    return { done, same: readFileSync(target).equals(f.bigBytes) }
  }

  it('verifies an SSE-KMS object by the full-object CRC32 the store keeps', async () => {
    stub = await startStub(['--keep-bytes', '--default-sse-kms'])
    const { done, same } = await roundTrip('dlkms')
    expect(same).toBe(true)
    expect(done).toMatchObject({ verified: true, verification: 'full-object-crc32' })
  })

  it('verifies an R2-like multipart object, whose ETag the bytes do not reproduce, by its CRC32', async () => {
    stub = await startStub(['--keep-bytes', '--r2-etags'])
    const { done, same } = await roundTrip('dlr2')
    expect(same).toBe(true)
    expect(done).toMatchObject({ verified: true, verification: 'full-object-crc32' })
    expect(done['detail']).toMatch(/CRC32 .* equals the object's full-object checksum/)
  })

  it('says only the size was proven where the store keeps no checksum', async () => {
    stub = await startStub(['--keep-bytes', '--default-sse-kms', '--ignore-checksums'])
    const { done, same } = await roundTrip('dlnone')
    expect(same).toBe(true)
    expect(done).toMatchObject({ verified: false, verification: 'size' })
    expect(done['reason']).toMatch(/SSE-KMS/)
  })
})

describe('small objects of a folder download, the short way', () => {
  it('proves SSE-KMS objects by the CRC their one GET answers, without a HEAD', async () => {
    stub = await startStub(['--keep-bytes', '--default-sse-kms'])
    const f = twoFiles('dlsmall')
    const env = cliStateEnv(join(tmp.dir, 'state-dlsmall'), stub.endpoint)
    const up = await runCli(['upload', f.small, 's3://stub-bucket/dlsmall/'], { env })
    expect(up.code).toBe(0)
    const stats = async () => {
      const r = await fetch(`${stub!.endpoint}/__stub/stats`)
      return ((await r.json()) as { requests: Record<string, number> }).requests
    }
    const before = await stats()
    const dir = join(tmp.dir, 'dlsmall-back')
    const get = await runCli(['get', 's3://stub-bucket/dlsmall/', dir, '--json'], { env })
    expect(get.code).toBe(0)
    expect(readFileSync(join(dir, 'dlsmall-small.txt')).equals(f.smallBytes)).toBe(true)
    const done = jsonLines(get.stdout).filter((l) => l['event'] === 'done')
    expect(done).toEqual([expect.objectContaining({ verified: true, verification: 'full-object-crc32' })])
    const after = await stats()
    // One GET and no HEAD: the short way took it.
    expect((after['GetObject'] ?? 0) - (before['GetObject'] ?? 0)).toBe(1)
    expect((after['HeadObject'] ?? 0) - (before['HeadObject'] ?? 0)).toBe(0)
  })
})

describe('proof on radosgw', () => {
  it('keeps the ETag proof: radosgw ignores x-amz-checksum-* and its ETags are MD5s', async () => {
    const s3 = testClient()
    const bucket = await freshBucket(s3, 'proof')
    const f = twoFiles('rgw')
    const run = await runCli(['upload', f.small, f.big, `s3://${bucket}/p/`, '--json', ...MULTIPART], {
      env: cliStateEnv(join(tmp.dir, 'state-rgw')),
    })
    expect(run.code).toBe(0)
    const summaries = jsonLines(run.stdout).filter((l) => l['event'] === 'summary')
    expect(summaries.find((s) => s['key'] === 'p/rgw-small.txt')).toMatchObject({
      verified: true,
      verification: 'md5',
    })
    expect(summaries.find((s) => s['key'] === 'p/rgw-big.bin')).toMatchObject({
      verified: true,
      verification: 'multipart-etag',
    })
  })
})
