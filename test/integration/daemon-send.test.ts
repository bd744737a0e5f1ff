// `ferry send` against a running `ferry daemon` (real radosgw): many clients at once, every
// kind of bad submission, no daemon at all, and `ferry stats` over the timing log.
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request } from '../../src/main/daemon/daemon-client'
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
import { tempDir } from './upload-support'

describe('ferry send to a running daemon', () => {
  const s3 = testClient()
  const tmp = tempDir('dsend')
  const stateDir = join(tmp.dir, 'state')
  const env = daemonEnv(stateDir)
  let daemon: DaemonProcess | undefined
  let bucket = ''

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'dsend')
    daemon = await startDaemon(env)
  })
  afterAll(async () => {
    expect(await daemon?.stop()).toBe(0)
    tmp.cleanup()
  })

  it('stores 500 small files sent by 8 concurrent clients, byte for byte, printing nothing', async () => {
    const dir = join(tmp.dir, 'many')
    mkdirSync(dir)
    const items: { file: string; dest: string }[] = []
    const expected: { key: string; bytes: Buffer }[] = []
    for (let i = 0; i < 500; i++) {
      // Names s3daemon could not send: spaces, quotes, newlines, non-ASCII.
      const name =
        i % 50 === 0 ? `line\nbreak "${i}".bin` : i % 7 === 0 ? `ünï cödé ${i}.bin` : `file ${i}.bin`
      const file = join(dir, name)
      const bytes = randomBytes(1 + ((i * 7919) % 16384))
      writeFileSync(file, bytes)
      const key = `many/${i % 10}/${name}`
      // Both destination forms: s3daemon's ALIAS/BUCKET/KEY (an alias naming nothing is
      // ignored) and s3://.
      items.push({ file, dest: i % 2 === 0 ? `s3df/${bucket}/${key}` : `s3://${bucket}/${key}` })
      expected.push({ key, bytes })
    }
    const results = await sendAll(items, env, { clients: 8 })
    const failed = results
      .map((r, i) => ({ ...r, i }))
      .filter((r) => r.code !== 0 || r.stdout !== '' || r.stderr !== '')
    expect(failed).toEqual([])
    expect(await mismatchedObjects(s3, bucket, expected)).toEqual([])
    const timings = readTimings(stateDir).filter((t) => t.key.startsWith('many/'))
    expect(timings).toHaveLength(500)
    expect(
      timings.every(
        (t) => t.result === 'done' && t.bytes > 0 && t.submitted <= t.started && t.started <= t.finished,
      ),
    ).toBe(true)
    // 500 CLI processes (about 0.2 CPU-s each): a minute alone on 2 cores, more on a busy machine.
  }, 300_000)

  it('fails a missing file, a folder, a FIFO, an unreadable file and a missing bucket with exit 1, leaving other jobs alone', async () => {
    const dir = join(tmp.dir, 'bad')
    mkdirSync(dir)
    const good = Array.from({ length: 60 }, (_, i) => {
      const file = join(dir, `good ${i}`)
      const bytes = randomBytes(2048 + i)
      writeFileSync(file, bytes)
      return { file, dest: `s3://${bucket}/good/${i}`, key: `good/${i}`, bytes }
    })
    const background = sendAll(good, env, { clients: 4 })

    const missing = await ferry(['send', join(dir, 'nope.bin'), `s3://${bucket}/x`], env)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe(
      `ferry: ${join(dir, 'nope.bin')} does not exist. Fix: Check the path and send the file once it is written.\n`,
    )

    const folder = await ferry(['send', dir, `s3://${bucket}/x`], env)
    expect(folder.code).toBe(1)
    expect(folder.stderr).toContain(`ferry: ${dir} is a folder.`)

    const fifo = join(dir, 'pipe')
    execFileSync('mkfifo', [fifo])
    const piped = await ferry(['send', fifo, `s3://${bucket}/x`], env)
    expect(piped.code).toBe(1)
    expect(piped.stderr).toContain(`ferry: ${fifo} is not a regular file.`)

    const locked = join(dir, 'locked')
    writeFileSync(locked, 'secret')
    chmodSync(locked, 0o000)
    if (process.getuid?.() === 0) {
      console.log(
        'daemon-send: skipped the chmod 000 case: root reads files whatever their mode (the folder and FIFO cases cover unreadable sources)',
      )
    } else {
      const unreadable = await ferry(['send', locked, `s3://${bucket}/x`], env)
      expect(unreadable.code).toBe(1)
      expect(unreadable.stderr).toContain('cannot be read by you (permission denied)')
    }

    const nobucket = `ferry-missing-${randomBytes(4).toString('hex')}`
    const lost = await ferry(['send', good[0]!.file, `s3df/${nobucket}/k`], env)
    expect(lost.code).toBe(1)
    expect(lost.stderr).toBe(
      `ferry: bucket "${nobucket}" does not exist. Fix: Check the bucket name, or create the bucket first.\n`,
    )
    // The daemon's engine lives on after the job failed: ferry transfers must still say failed.
    const listed = await ferry(['transfers', '--json'], env)
    const lostTransfer = listed.stdout
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { bucket: string; state: string; error?: { code: string } })
      .find((t) => t.bucket === nobucket)
    expect(lostTransfer).toMatchObject({ state: 'failed', error: { code: 'bucket-missing' } })

    // Other clients than ferry send get the daemon's own checks.
    const socket = join(stateDir, 'daemon', 'ferry.sock')
    const relative = await request(
      socket,
      { id: 'r', op: 'send', source: 'rel/file', bucket, key: 'k', wait: true },
      'final',
    )
    expect(relative).toMatchObject({
      id: 'r',
      event: 'failed',
      error: { code: 'bad-input', message: 'rel/file is not an absolute path' },
    })
    const gone = await request(
      socket,
      { id: 'g', op: 'send', source: join(dir, 'gone'), bucket, key: 'k', wait: false },
      'final',
    )
    expect(gone).toMatchObject({ id: 'g', event: 'failed', error: { code: 'source-missing' } })
    const viaFifo = await request(
      socket,
      { id: 'f', op: 'send', source: fifo, bucket, key: 'k', wait: true },
      'final',
    )
    expect(viaFifo).toMatchObject({ event: 'failed', error: { code: 'source-not-a-file' } })

    const results = await background
    expect(results.filter((r) => r.code !== 0)).toEqual([])
    expect(await mismatchedObjects(s3, bucket, good)).toEqual([])
    const failed = readTimings(stateDir).filter((t) => t.result === 'failed')
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatchObject({ bucket: nobucket, error: { code: 'bucket-missing' } })
  })

  it('returns with --no-wait once the job is queued, and the job still completes', async () => {
    const file = join(tmp.dir, 'later.bin')
    const bytes = randomBytes(100_000)
    writeFileSync(file, bytes)
    const r = await ferry(['send', '--no-wait', '--json', file, `s3://${bucket}/later/`], env)
    expect(r.code).toBe(0)
    const { job, state } = JSON.parse(r.stdout) as { job: string; state: string }
    expect(state).toBe('queued')
    const deadline = Date.now() + 30_000
    while (!readTimings(stateDir).some((t) => t.job === job) && Date.now() < deadline)
      await new Promise((res) => setTimeout(res, 50))
    expect(readTimings(stateDir).find((t) => t.job === job)).toMatchObject({
      result: 'done',
      key: 'later/later.bin',
      bytes: 100_000,
    })
    expect(await mismatchedObjects(s3, bucket, [{ key: 'later/later.bin', bytes }])).toEqual([])
  })

  it('summarizes the timing log with ferry stats', async () => {
    const r = await ferry(['stats', '--json'], env)
    expect(r.code).toBe(0)
    const stats = JSON.parse(r.stdout)
    expect(stats).toMatchObject({ count: 562, done: 561, failed: 1, errors: { 'bucket-missing': 1 } })
    expect(stats.latency.median).toBeGreaterThan(0)
    expect(stats.latency.p95).toBeGreaterThanOrEqual(stats.latency.median)
    expect(stats.objectsPerSecond).toBeGreaterThan(0)
    const text = await ferry(['stats'], env)
    expect(text.stdout).toMatch(/^objects {5}562 \(561 stored, 1 failed\)\n/)
    expect(text.stdout).toMatch(/\nlatency {5}median [\d.]+ s, p95 [\d.]+ s/)
  })

  it('says when no daemon runs, and how to start one', async () => {
    const file = join(tmp.dir, 'alone.bin')
    writeFileSync(file, 'x')
    const r = await ferry(['send', file, `s3://${bucket}/alone`], daemonEnv(join(tmp.dir, 'no-daemon-here')))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /^ferry: no Ferry daemon is running \(nothing listens on .*ferry\.sock\)\. Fix: Start one with `ferry daemon &`/,
    )
  })
})
