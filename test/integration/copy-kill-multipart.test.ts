// kill -9 of `ferry cp` of a prefix while one large object of it is copied part by part
// (UploadPartCopy: its multipart upload open on the store). The set's journal holds the
// upload id from before the first part, so the same command again aborts that upload before it
// copies the object anew, and `ferry cancel ID` aborts it too; a store out of reach keeps the id
// (and the set out of `ferry resume --all`) for a later cancel. Run as the built CLI against
// radosgw, through a proxy that holds back the answer to the first part copy (so the kill lands
// while the upload is open) and a relay that can be taken down.
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { expectObjects } from './move-support'
import { cliStateEnv, jsonLines } from './objects-support'
import { killWhen, MiB, openUploads, runFerry, switchableRelay, tempDir } from './upload-support'

const s3 = testClient()
const tmp = tempDir('cpkillmpu')
const SLOW = 120_000
// Far longer than the kill takes to land, short enough not to hold the test worker open after.
const HOLD_MS = 20_000
const BIG = 'big.bin'
// Above the threshold, so copied in three parts of 5 MiB (the smallest S3 allows), one at a time.
const PART_FLAGS = ['--multipart-threshold', '8MiB', '--part-size', '5MiB', '--concurrency', '1']

describe('kill -9 while a copy set copies a large object part by part', () => {
  let proxy: FaultProxy
  let relay: Awaited<ReturnType<typeof switchableRelay>>
  beforeAll(async () => {
    proxy = await startFaultProxy(testConnection().endpoint)
    relay = await switchableRelay(proxy.endpoint)
  })
  afterAll(async () => {
    await relay.down()
    await proxy.close()
    tmp.cleanup()
  })

  const journalLines = (stateDir: string): string[] => {
    const dir = join(stateDir, 'transfers', 'moves')
    const names = existsSync(dir) ? readdirSync(dir) : []
    return names.length === 0 ? [] : readFileSync(join(dir, names[0]!), 'utf8').split('\n')
  }
  const movesIn = (stateDir: string) => {
    const dir = join(stateDir, 'transfers', 'moves')
    return existsSync(dir) ? readdirSync(dir) : []
  }

  /** Five small objects and one of 12 MiB under src/, then `ferry cp` killed with its upload open. */
  async function killedMidCopy(label: string) {
    const bucket = await freshBucket(s3, label)
    const expected = new Map<string, Buffer>()
    for (let i = 0; i < 5; i++) expected.set(`small-${i}.bin`, randomBytes(1000 + i))
    expected.set(BIG, randomBytes(12 * MiB))
    for (const [name, bytes] of expected)
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `src/${name}`, Body: bytes }))
    const stateDir = join(tmp.dir, label)
    const env = cliStateEnv(stateDir, relay.endpoint)
    const args = ['cp', `s3://${bucket}/src/`, `s3://${bucket}/dst/`, ...PART_FLAGS, '--json']

    const isPartCopy = (r: { method: string; url: string }) =>
      r.method === 'PUT' && r.url.includes(`/${bucket}/dst/${BIG}?`) && r.url.includes('partNumber=')
    // The server copies the part; its answer waits here, so the upload stays open.
    proxy.script({ status: 200, code: 'Held', holdMs: HOLD_MS, match: isPartCopy })
    let open: { key: string; uploadId: string }[] = []
    await killWhen(args, env, 'the multipart copy is open, its first part held', async () => {
      if (!proxy.log.some((r) => isPartCopy(r) && r.fault === 'stall')) return false
      open = (await openUploads(s3, bucket)).filter((u) => u.key === `dst/${BIG}`)
      return open.length > 0
    })
    expect(open).toHaveLength(1)
    const uploadId = open[0]!.uploadId
    // On disk before the first part was sent, and not closed.
    const lines = journalLines(stateDir)
    expect(lines.filter((l) => l.startsWith('{"t":"upload"')).map((l) => JSON.parse(l))).toEqual([
      { t: 'upload', k: `src/${BIG}`, b: bucket, d: `dst/${BIG}`, u: uploadId },
    ])
    expect(lines.some((l) => l.startsWith('{"t":"upload-closed"'))).toBe(false)
    const listed = jsonLines((await runFerry(['transfers', '--json'], env)).stdout)
    const id = String(listed.find((t) => String(t['source']).endsWith('/src/'))?.['id'])
    return { bucket, expected, stateDir, env, args, uploadId, id }
  }

  it(
    'the same command again aborts the open upload, then copies every object byte for byte',
    async () => {
      const { bucket, expected, stateDir, env, args, uploadId } = await killedMidCopy('cpkillmpu-again')
      const again = await runFerry(args, env)
      expect(again.stderr).toBe('')
      expect(again.code).toBe(0)
      await expectObjects(s3, bucket, 'dst/', expected)
      await expectObjects(s3, bucket, 'src/', expected)
      expect(await openUploads(s3, bucket)).toEqual([])
      // The old upload was aborted before the object was copied again (its new upload opened),
      // and the new run's multipart copy was closed as well.
      const records = journalLines(stateDir)
        .filter((l) => l.startsWith('{"t":"upload'))
        .map((l) => JSON.parse(l) as { t: string; u: string })
      expect(records.map((r) => [r.t, r.u === uploadId ? 'old' : 'new'])).toEqual([
        ['upload', 'old'],
        ['upload-closed', 'old'],
        ['upload', 'new'],
        ['upload-closed', 'new'],
      ])
    },
    SLOW,
  )

  it(
    'ferry resume --all does the same',
    async () => {
      const { bucket, expected, env } = await killedMidCopy('cpkillmpu-resume')
      const resumed = await runFerry(['resume', '--all', '--json'], env)
      expect(resumed.stderr).toBe('')
      expect(resumed.code).toBe(0)
      await expectObjects(s3, bucket, 'dst/', expected)
      expect(await openUploads(s3, bucket)).toEqual([])
    },
    SLOW,
  )

  it(
    'ferry cancel ID aborts the open upload and deletes the journal',
    async () => {
      const { bucket, stateDir, env, uploadId, id } = await killedMidCopy('cpkillmpu-cancel')
      const dry = await runFerry(['cancel', id, '--dry-run'], env)
      expect(dry.stdout).toContain(
        `would abort the multipart upload ${uploadId} of s3://${bucket}/dst/${BIG}\n`,
      )
      expect(await openUploads(s3, bucket)).toHaveLength(1)
      const cancelled = await runFerry(['cancel', id, '--json'], env)
      expect(cancelled.stderr).toBe('')
      expect(cancelled.code).toBe(0)
      expect(jsonLines(cancelled.stdout)[0]).toMatchObject({ event: 'cancelled', id, aborted: [uploadId] })
      expect(await openUploads(s3, bucket)).toEqual([])
      expect(movesIn(stateDir)).toEqual([])
    },
    SLOW,
  )

  it(
    'a store out of reach: the cancel names the problem and the fix, keeps the id, and a later cancel aborts it',
    async () => {
      const { bucket, stateDir, env, uploadId, id } = await killedMidCopy('cpkillmpu-offline')
      await relay.down()
      const failed = await runFerry(['cancel', id], env).finally(() => relay.up())
      expect(failed.code).not.toBe(0)
      expect(failed.stderr).toMatch(
        new RegExp(
          `^ferry: the multipart upload \\(${uploadId}\\) that an interrupted copy left open at s3://${bucket}/dst/${BIG} could not be aborted: .+ Fix: .+ferry cancel ${id}: the journal keeps the upload id`,
        ),
      )
      expect(movesIn(stateDir)).toHaveLength(1)
      expect(await openUploads(s3, bucket)).toEqual([{ key: `dst/${BIG}`, uploadId }])
      // Cancelled by the person: nothing resumes it by itself.
      const resumed = await runFerry(['resume', '--all'], env)
      expect(resumed.stderr).toMatch(/^ferry: nothing to resume\.\n/)
      expect(await openUploads(s3, bucket)).toEqual([{ key: `dst/${BIG}`, uploadId }])

      const again = await runFerry(['cancel', id], env)
      expect(again.stderr).toBe('')
      expect(again.code).toBe(0)
      expect(again.stdout).toContain('1 open multipart copy aborted')
      expect(await openUploads(s3, bucket)).toEqual([])
      expect(movesIn(stateDir)).toEqual([])
      expect(existsSync(join(stateDir, 'transfers', `${id}.cancel-pending`))).toBe(false)
    },
    SLOW,
  )
})
