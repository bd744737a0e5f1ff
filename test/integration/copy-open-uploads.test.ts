// A copy set whose large object is copied part by part (UploadPartCopy, its multipart upload
// open on the store) never leaves that upload behind. Killed with -9 mid-copy: the set's
// journal holds the upload id from before the first part, so the same command again (or
// `ferry resume`) aborts it before copying the object anew, and `ferry cancel ID` aborts it too;
// a store out of reach keeps the id (and the set out of `ferry resume --all`) for a later cancel.
// A copy that fails and whose own abort fails (503 to every try): the run tries once more before
// it ends; when that fails too, the set stops naming the upload, and the same command aborts it.
// Run as the built CLI against radosgw, through a proxy that holds back or refuses chosen
// requests and a relay that can be taken down.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { expectObjects, seedOneLarge } from './move-support'
import { cliStateEnv, jsonLines } from './objects-support'
import { killWhen, MiB, openUploads, runFerry, switchableRelay, tempDir } from './upload-support'

const s3 = testClient()
const tmp = tempDir('cpopenuploads')
const SLOW = 120_000
/** Tries of one abort (ABORT_RETRY in incomplete-uploads.ts). */
const ABORT_TRIES = 4
// Far longer than the kill takes to land, short enough not to hold the test worker open after.
const HOLD_MS = 20_000
const BIG = 'big.bin'
// Above the threshold, so copied in three parts of 5 MiB (the smallest S3 allows), one at a time.
const PART_FLAGS = ['--multipart-threshold', '8MiB', '--part-size', '5MiB', '--concurrency', '1']

describe('the multipart copies of a copy set', () => {
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
  /** The upload records of the set's journal: all of them, or only those that name an upload id. */
  const uploadRecords = (stateDir: string, all = false) =>
    journalLines(stateDir)
      .filter((l) => l.startsWith('{"t":"upload'))
      .map((l) => JSON.parse(l) as { t: string; u: string })
      .filter((r) => all || r.u !== undefined)
  const movesIn = (stateDir: string) => {
    const dir = join(stateDir, 'transfers', 'moves')
    return existsSync(dir) ? readdirSync(dir) : []
  }

  /** Five small objects and one of 12 MiB under src/, then `ferry cp` killed with its upload open. */
  async function killedMidCopy(label: string) {
    const bucket = await freshBucket(s3, label)
    const expected = await seedOneLarge(s3, bucket, 'src/', 12 * MiB)
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

  describe('killed with -9 while the upload is open', () => {
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
        const records = uploadRecords(stateDir)
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
            `^ferry: the multipart upload \\(${uploadId}\\) left open at s3://${bucket}/dst/${BIG} could not be aborted: .+ Fix: .+ferry cancel ${id}: the journal keeps the upload id`,
          ),
        )
        expect(movesIn(stateDir)).toHaveLength(1)
        expect(await openUploads(s3, bucket)).toEqual([{ key: `dst/${BIG}`, uploadId }])
        const listed = jsonLines((await runFerry(['transfers', '--json'], env)).stdout)
        expect(listed.find((t) => t['id'] === id)).toMatchObject({
          state: 'failed',
          error: { message: `the cancel of the copy s3://${bucket}/src/ did not finish` },
        })
        // Cancelled by the person: nothing resumes it by itself.
        const resumed = await runFerry(['resume', '--all'], env)
        expect(resumed.stderr).toMatch(/^ferry: nothing to resume\.\n/)
        expect(await openUploads(s3, bucket)).toEqual([{ key: `dst/${BIG}`, uploadId }])

        const again = await runFerry(['cancel', id], env)
        expect(again.stderr).toBe('')
        expect(again.code).toBe(0)
        expect(again.stdout).toContain('1 open multipart upload aborted')
        expect(await openUploads(s3, bucket)).toEqual([])
        expect(movesIn(stateDir)).toEqual([])
        expect(existsSync(join(stateDir, 'transfers', `${id}.cancel-pending`))).toBe(false)
      },
      SLOW,
    )
  })
  describe('a multipart copy whose abort fails', () => {
    /** `ferry cp` whose part copy is refused and whose abort gets 503 `abortFailures` times. */
    async function copyWithFailedAbort(label: string, abortFailures: number) {
      const bucket = await freshBucket(s3, label)
      const expected = await seedOneLarge(s3, bucket, 'src/', 12 * MiB)
      const stateDir = join(tmp.dir, label)
      const env = cliStateEnv(stateDir, relay.endpoint)
      const args = ['cp', `s3://${bucket}/src/`, `s3://${bucket}/dst/`, ...PART_FLAGS, '--json']
      const ofBig = (url: string) => url.includes(`/${bucket}/dst/big.bin?`)
      proxy.script({
        status: 403,
        code: 'AccessDenied',
        match: (r) => r.method === 'PUT' && ofBig(r.url) && r.url.includes('partNumber='),
      })
      proxy.script({
        status: 503,
        code: 'ServiceUnavailable',
        times: abortFailures,
        match: (r) => r.method === 'DELETE' && ofBig(r.url) && r.url.includes('uploadId='),
      })
      const run = await runFerry(args, env)
      return { bucket, expected, stateDir, env, args, run }
    }

    it(
      'the run aborts it again before it ends: the object failed, no upload left open',
      async () => {
        const { bucket, stateDir, run } = await copyWithFailedAbort('cpabort-once', ABORT_TRIES)
        expect(run.code).toBe(1)
        const failed = jsonLines(run.stdout).find((e) => e['event'] === 'failed')
        expect(failed).toMatchObject({
          source: `s3://${bucket}/src/big.bin`,
          error: { detail: expect.stringContaining('AccessDenied') },
        })
        expect(jsonLines(run.stdout).find((e) => e['event'] === 'summary')).toMatchObject({
          objects: 5,
          failed: 1,
        })
        expect(await openUploads(s3, bucket)).toEqual([])
        const records = uploadRecords(stateDir)
        expect(records.map((r) => r.t)).toEqual(['upload', 'upload-closed'])
        expect(records[1]!.u).toBe(records[0]!.u)
      },
      SLOW,
    )

    it(
      'an abort that keeps failing stops the set naming the upload; the same command again aborts it and finishes',
      async () => {
        const { bucket, expected, stateDir, env, args, run } = await copyWithFailedAbort(
          'cpabort-twice',
          2 * ABORT_TRIES,
        )
        const [open] = await openUploads(s3, bucket)
        expect(open?.key).toBe('dst/big.bin')
        expect(run.code).not.toBe(0)
        expect(run.stderr).toMatch(
          new RegExp(
            `ferry: the multipart upload \\(${open!.uploadId}\\) left open at s3://${bucket}/dst/big.bin could not be aborted: .+ Fix: .+the journal keeps the upload id until the upload is aborted\\. Then run the same command again`,
          ),
        )
        expect(uploadRecords(stateDir).map((r) => r.t)).toEqual(['upload'])

        const again = await runFerry(args, env)
        expect(again.stderr).toBe('')
        expect(again.code).toBe(0)
        await expectObjects(s3, bucket, 'dst/', expected)
        expect(await openUploads(s3, bucket)).toEqual([])
        const records = uploadRecords(stateDir)
        expect(records.map((r) => [r.t, r.u === open!.uploadId])).toEqual([
          ['upload', true],
          ['upload-closed', true],
          ['upload', false],
          ['upload-closed', false],
        ])
      },
      SLOW,
    )
  })

  describe('killed after the server created the upload, before its id was journaled', () => {
    /** `ferry cp` killed while the answer to its CreateMultipartUpload is held back. */
    async function killedMidCreate(label: string) {
      const bucket = await freshBucket(s3, label)
      const expected = await seedOneLarge(s3, bucket, 'src/', 12 * MiB)
      const stateDir = join(tmp.dir, label)
      const env = cliStateEnv(stateDir, relay.endpoint)
      const args = ['cp', `s3://${bucket}/src/`, `s3://${bucket}/dst/`, ...PART_FLAGS, '--json']
      const isCreate = (r: { method: string; url: string }) =>
        r.method === 'POST' && r.url.includes(`/${bucket}/dst/${BIG}?uploads`)
      proxy.script({ status: 200, code: 'Held', holdMs: HOLD_MS, match: isCreate })
      let uploadId = ''
      await killWhen(args, env, 'the server created the upload, its answer held', async () => {
        if (!proxy.log.some((r) => isCreate(r) && r.fault === 'stall')) return false
        uploadId = (await openUploads(s3, bucket)).find((u) => u.key === `dst/${BIG}`)?.uploadId ?? ''
        return uploadId !== ''
      })
      // Only the record written before the request: the id never reached Ferry.
      const creates = journalLines(stateDir).filter((l) => l.startsWith('{"t":"upload'))
      expect(creates).toHaveLength(1)
      expect(JSON.parse(creates[0]!)).toMatchObject({ t: 'upload-create', k: `src/${BIG}`, d: `dst/${BIG}` })
      const listed = jsonLines((await runFerry(['transfers', '--json'], env)).stdout)
      const id = String(listed.find((t) => String(t['source']).endsWith('/src/'))?.['id'])
      return { bucket, expected, stateDir, env, args, uploadId, id }
    }

    it(
      'the same command again aborts the upload it never learned of, then copies every object',
      async () => {
        const { bucket, expected, stateDir, env, args } = await killedMidCreate('cpkillcreate-again')
        const again = await runFerry(args, env)
        expect(again.stderr).toBe('')
        expect(again.code).toBe(0)
        await expectObjects(s3, bucket, 'dst/', expected)
        expect(await openUploads(s3, bucket)).toEqual([])
        expect(uploadRecords(stateDir, true).map((r) => r.t)).toEqual([
          'upload-create',
          'upload-swept',
          'upload-create',
          'upload',
          'upload-closed',
        ])
      },
      SLOW,
    )

    it(
      'ferry cancel ID aborts it too',
      async () => {
        const { bucket, stateDir, env, uploadId, id } = await killedMidCreate('cpkillcreate-cancel')
        const dry = await runFerry(['cancel', id, '--dry-run'], env)
        expect(dry.stdout).toContain(
          `would abort the multipart uploads of s3://${bucket}/dst/${BIG} started since `,
        )
        expect(await openUploads(s3, bucket)).toEqual([{ key: `dst/${BIG}`, uploadId }])
        const cancelled = await runFerry(['cancel', id], env)
        expect(cancelled.stderr).toBe('')
        expect(cancelled.code).toBe(0)
        expect(await openUploads(s3, bucket)).toEqual([])
        expect(movesIn(stateDir)).toEqual([])
      },
      SLOW,
    )
  })

  it(
    'a create the store refuses leaves nothing to look for: the object fails, the set ends without listing uploads',
    async () => {
      const bucket = await freshBucket(s3, 'cprefusedcreate')
      await seedOneLarge(s3, bucket, 'src/', 12 * MiB)
      const stateDir = join(tmp.dir, 'cprefusedcreate')
      const env = cliStateEnv(stateDir, relay.endpoint)
      const args = ['cp', `s3://${bucket}/src/`, `s3://${bucket}/dst/`, ...PART_FLAGS, '--json']
      const deny = (match: (r: { method: string; url: string }) => boolean) =>
        proxy.script({ status: 403, code: 'AccessDenied', times: 20, match })
      deny((r) => r.method === 'POST' && r.url.includes(`/${bucket}/dst/${BIG}?uploads`))
      // Credentials without s3:ListBucketMultipartUploads: a sweep would stop the set.
      const listing = (r: { method: string; url: string }) =>
        r.method === 'GET' && r.url.startsWith(`/${bucket}/?`) && /[?&]uploads=/.test(r.url)
      deny(listing)
      const run = await runFerry(args, env)
      expect(run.code).toBe(1)
      expect(jsonLines(run.stdout).find((e) => e['event'] === 'summary')).toMatchObject({
        objects: 5,
        failed: 1,
      })
      expect(uploadRecords(stateDir, true).map((r) => r.t)).toEqual(['upload-create', 'upload-swept'])
      expect(journalLines(stateDir).some((l) => l.startsWith('{"t":"end"'))).toBe(true)
      expect(proxy.log.some(listing)).toBe(false)
    },
    SLOW,
  )
})
