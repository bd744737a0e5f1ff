// kill -9 of `ferry upload` mid-way to a store that keeps checksums (the AWS-like stub), then
// `ferry resume`: the journal keeps the upload's checksum and each part's CRC32, the resumed
// run re-reads the parts it reuses, and the whole object's CRC32 sent at Complete (and read
// back) is the file's.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { HeadObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, describe, expect, it } from 'vitest'
import { startStub, type Stub } from '../support/stub-s3'
import { cliStateEnv, jsonLines } from './objects-support'
import { killedAfterParts, MiB, runFerry, slowLink, tempDir, writeRandomFile } from './upload-support'

describe('a full-object CRC across kill -9 and resume', () => {
  const tmp = tempDir('crckill')
  let stub: Stub | undefined
  let link: Awaited<ReturnType<typeof slowLink>> | undefined
  afterAll(async () => {
    await link?.close()
    await stub?.stop()
    tmp.cleanup()
  })

  it('resumes with the right whole-object CRC32, built from the parts of both runs', async () => {
    stub = await startStub()
    link = await slowLink(25 * MiB, stub.endpoint)
    const path = join(tmp.dir, 'data.bin')
    const bytes = writeRandomFile(path, 42 * MiB)
    const stateDir = join(tmp.dir, 'state')
    const env = cliStateEnv(stateDir, link.connection.endpoint)
    const args = ['upload', path, 's3://crc/data.bin', '--part-size', '5MiB', '--concurrency', '2']
    const journal = await killedAfterParts(args, env, join(stateDir, 'transfers'), 2)

    // What a resume needs to finish the checksum: the upload's algorithm and each part's CRC32.
    const records = readFileSync(journal, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(records.filter((r) => r['t'] === 'header').at(-1)).toMatchObject({
      kind: 'multipart',
      checksum: 'CRC32',
    })
    for (const part of records.filter((r) => r['t'] === 'part'))
      expect(part['crc']).toMatch(/^[A-Za-z0-9+/]{6}==$/)

    const id = journal.split('/').pop()!.replace('.journal', '')
    const resumed = await runFerry(['resume', id, '--json'], env)
    expect(resumed.code).toBe(0)
    const summary = jsonLines(resumed.stdout).find((e) => e['event'] === 'summary')!
    expect(summary).toMatchObject({ id, state: 'done', verified: true, verification: 'full-object-crc32' })
    expect(summary['partsReused'] as number).toBeGreaterThanOrEqual(2)
    const expected = Buffer.alloc(4)
    expected.writeUInt32BE(crc32(bytes))
    const head = await stub.client.send(
      new HeadObjectCommand({ Bucket: 'crc', Key: 'data.bin', ChecksumMode: 'ENABLED' }),
    )
    expect(head).toMatchObject({ ChecksumCRC32: expected.toString('base64'), ChecksumType: 'FULL_OBJECT' })
  })
})
