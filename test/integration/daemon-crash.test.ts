// kill -9 of `ferry daemon` with acknowledged jobs queued and a multipart upload half done,
// then a new daemon on the same state folder: every acknowledged job is stored, once.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshBucket, testClient } from '../support/s3'
import {
  daemonEnv,
  ferry,
  mismatchedObjects,
  readTimings,
  sendAll,
  startDaemon,
  type DaemonProcess,
} from './daemon-support'
import { journaledParts, MiB, openUploads, slowLink, tempDir, waitUntil } from './upload-support'

async function kill9(daemon: DaemonProcess): Promise<void> {
  // The daemon alone, as a crash would: its engine notices and pauses, as after a real crash.
  process.kill(daemon.pid, 'SIGKILL')
  await daemon.exited
}

function countBy<T>(values: T[]): Map<T, number> {
  const counts = new Map<T, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  return counts
}

describe('the daemon killed with kill -9 and started again', () => {
  const s3 = testClient()
  const tmp = tempDir('dcrash')
  let link: Awaited<ReturnType<typeof slowLink>>
  const daemons: DaemonProcess[] = []

  beforeAll(async () => {
    // Request bodies crawl through this relay, so the queue is still long when the kill comes.
    link = await slowLink(256 * 1024)
  })
  afterAll(async () => {
    for (const d of daemons) await d.stop()
    await link.close()
    tmp.cleanup()
  })

  it('delivers every job it acknowledged exactly once', async () => {
    const bucket = await freshBucket(s3, 'dcrash')
    const stateDir = join(tmp.dir, 'state-small')
    const dir = join(tmp.dir, 'small')
    mkdirSync(dir)
    const items = Array.from({ length: 200 }, (_, i) => {
      const file = join(dir, `obj ${i}.bin`)
      const bytes = randomBytes(64 * 1024)
      writeFileSync(file, bytes)
      return { file, dest: `s3df/${bucket}/crash/${i}`, key: `crash/${i}`, bytes }
    })

    const slow = daemonEnv(stateDir, link.connection.endpoint)
    // One object at a time through the slow relay: about three a second, while eight clients
    // queue them several times faster.
    const first = await startDaemon(slow, ['--concurrency', '1'])
    daemons.push(first)
    const acked = new Map<string, number>()
    const results = await sendAll(items, slow, {
      clients: 8,
      extra: ['--no-wait', '--json'],
      onResult: (i, r) => {
        if (r.code === 0) acked.set((JSON.parse(r.stdout) as { job: string }).job, i)
      },
    })
    expect(results.filter((r) => r.code !== 0 || r.stderr !== '')).toEqual([])
    expect(acked.size).toBe(items.length)
    await waitUntil('some jobs are stored', () => readTimings(stateDir).length >= 20, 60_000)
    await kill9(first)
    const beforeKill = readTimings(stateDir)
    // Mid-queue: acknowledged jobs were still waiting when the daemon died.
    expect(beforeKill.length).toBeLessThan(items.length - 30)

    const second = await startDaemon(daemonEnv(stateDir))
    daemons.push(second)
    expect(second.stderr()).toContain(`resuming ${items.length - beforeKill.length} queued jobs`)
    await waitUntil(
      'every acknowledged job is finished',
      () => {
        const finished = new Set(readTimings(stateDir).map((t) => t.job))
        return [...acked.keys()].every((job) => finished.has(job))
      },
      60_000,
    )
    expect(await second.stop()).toBe(0)

    const timings = readTimings(stateDir)
    // Exactly once across both runs: no job has two timing lines, every acknowledged one has one.
    const duplicates = [...countBy(timings.map((t) => t.job))].filter(([, n]) => n > 1)
    expect(duplicates).toEqual([])
    expect([...acked.keys()].filter((job) => !timings.some((t) => t.job === job))).toEqual([])
    expect(timings.filter((t) => t.result !== 'done')).toEqual([])
    // Jobs the first daemon had not finished ran in the second.
    const resumed = timings.filter((t) => acked.has(t.job) && !beforeKill.some((b) => b.job === t.job))
    expect(resumed.length).toBeGreaterThanOrEqual(30)
    expect(await mismatchedObjects(s3, bucket, items)).toEqual([])
    expect(await openUploads(s3, bucket)).toEqual([])
  })

  it('resumes a half-done multipart upload from its journal instead of starting it over', async () => {
    const bucket = await freshBucket(s3, 'dcrashmp')
    const stateDir = join(tmp.dir, 'state-big')
    const file = join(tmp.dir, 'big file.bin')
    const bytes = randomBytes(40 * MiB)
    writeFileSync(file, bytes)
    const fast = await slowLink(8 * MiB)
    try {
      const first = await startDaemon(daemonEnv(stateDir, fast.connection.endpoint), ['--keep-journals'])
      daemons.push(first)
      const queued = await ferry(
        ['send', '--no-wait', '--json', file, `s3://${bucket}/big.bin`],
        daemonEnv(stateDir),
      )
      expect(queued.code).toBe(0)
      const job = (JSON.parse(queued.stdout) as { job: string }).job
      const journalDir = join(stateDir, 'transfers')
      let journal = ''
      await waitUntil(
        'a part of the upload is journaled',
        () => {
          const started = readFileSync(join(stateDir, 'daemon', 'queue.jsonl'), 'utf8').match(
            /"t":"start","id":"[^"]+","at":\d+,"transferId":"([^"]+)"/,
          )
          if (started) journal = join(journalDir, `${started[1]}.journal`)
          return journal !== '' && journaledParts(journal).length >= 1
        },
        60_000,
      )
      await kill9(first)
      const partsBefore = new Set(journaledParts(journal)).size
      expect(readTimings(stateDir)).toEqual([])

      const second = await startDaemon(daemonEnv(stateDir), ['--keep-journals'])
      daemons.push(second)
      await waitUntil('the job is finished', () => readTimings(stateDir).some((t) => t.job === job), 60_000)
      expect(await second.stop()).toBe(0)

      const [timing] = readTimings(stateDir)
      expect(timing).toMatchObject({ job, result: 'done', bytes: 40 * MiB, attempts: 2 })
      const final = readFileSync(journal, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((r) => r['t'] === 'final')
      expect(final).toMatchObject({ status: 'done' })
      // The parts sent before the kill were found on the server and kept, not sent again.
      expect(final!['partsReused'] as number).toBeGreaterThanOrEqual(partsBefore)
      expect(await mismatchedObjects(s3, bucket, [{ key: 'big.bin', bytes }])).toEqual([])
      expect(await openUploads(s3, bucket)).toEqual([])
    } finally {
      await fast.close()
    }
  })

  it('stops on SIGTERM: a waiting client hears its job stays queued, and it finishes after the restart', async () => {
    const bucket = await freshBucket(s3, 'dstop')
    const stateDir = join(tmp.dir, 'state-stop')
    const file = join(tmp.dir, 'slow one.bin')
    const bytes = randomBytes(4 * MiB)
    writeFileSync(file, bytes)
    const first = await startDaemon(daemonEnv(stateDir, link.connection.endpoint))
    daemons.push(first)
    const waiting = ferry(['send', file, `s3://${bucket}/slow.bin`], daemonEnv(stateDir))
    await waitUntil(
      'the upload is under way',
      () => existsSync(join(stateDir, 'transfers')) && readdirSync(join(stateDir, 'transfers')).length > 0,
    )
    expect(await first.stop()).toBe(0)
    const told = await waiting
    expect(told.code).toBe(1)
    expect(told.stderr).toMatch(
      /^ferry: the daemon stopped before job \S+ finished; it stays queued and runs when the daemon starts again\. Fix: Start the daemon again/,
    )
    expect(readTimings(stateDir)).toEqual([])

    const second = await startDaemon(daemonEnv(stateDir))
    daemons.push(second)
    expect(second.stderr()).toContain('resuming 1 queued job')
    await waitUntil('the job is finished', () => readTimings(stateDir).length > 0, 60_000)
    expect(await second.stop()).toBe(0)
    expect(readTimings(stateDir)).toMatchObject([{ key: 'slow.bin', result: 'done', bytes: 4 * MiB }])
    expect(await mismatchedObjects(s3, bucket, [{ key: 'slow.bin', bytes }])).toEqual([])
  })

  it('finishes a re-run job that meets the object its first run stored, even with --if-exists fail', async () => {
    const bucket = await freshBucket(s3, 'downobj')
    const stateDir = join(tmp.dir, 'state-own')
    mkdirSync(join(stateDir, 'daemon'), { recursive: true, mode: 0o700 })
    const files = {
      single: randomBytes(300_000),
      multipart: randomBytes(20 * MiB),
      other: randomBytes(1000),
    }
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(tmp.dir, `own-${name}`), bytes)
    // What a first run left when it died after storing the objects and before recording them:
    // the objects (one as an 8 MiB-part multipart upload, as the engine sends a 20 MiB file) ...
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'single', Body: files.single }))
    await multipartPut(bucket, 'multipart', files.multipart, 8 * MiB)
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'other', Body: randomBytes(1000) }))
    // ... and their acknowledged jobs, still open in the queue.
    const jobs = Object.keys(files).map((name, i) => ({
      t: 'job',
      id: `own-${name}`,
      at: Date.now() - 1000 + i,
      source: join(tmp.dir, `own-${name}`),
      bucket,
      key: name,
      ifExists: 'fail',
    }))
    writeFileSync(join(stateDir, 'daemon', 'queue.jsonl'), jobs.map((j) => `${JSON.stringify(j)}\n`).join(''))

    const daemon = await startDaemon(daemonEnv(stateDir))
    daemons.push(daemon)
    expect(daemon.stderr()).toContain('resuming 3 queued jobs')
    await waitUntil('the three jobs are finished', () => readTimings(stateDir).length === 3, 60_000)
    expect(await daemon.stop()).toBe(0)
    const byJob = new Map(readTimings(stateDir).map((t) => [t.job, t]))
    expect(byJob.get('own-single')).toMatchObject({ result: 'done', bytes: 300_000 })
    expect(byJob.get('own-multipart')).toMatchObject({
      result: 'done',
      bytes: 20 * MiB,
      etag: expect.stringMatching(/-3$/),
    })
    // An object with other bytes is not this job's: that is still a conflict.
    expect(byJob.get('own-other')).toMatchObject({ result: 'failed', error: { code: 'destination-exists' } })
  })
})

async function multipartPut(bucket: string, key: string, bytes: Buffer, partSize: number): Promise<void> {
  const s3 = testClient()
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }))
  const parts = []
  for (let n = 1, at = 0; at < bytes.length; n++, at += partSize) {
    const out = await s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        PartNumber: n,
        Body: bytes.subarray(at, at + partSize),
      }),
    )
    parts.push({ PartNumber: n, ETag: out.ETag! })
  }
  await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      UploadId,
      MultipartUpload: { Parts: parts },
    }),
  )
}
