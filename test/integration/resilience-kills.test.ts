// kill -9 of the engine, again and again. Main restarts it each time and the transfers
// resume from their journals and the server's ListParts: every object ends byte-identical,
// nothing stays open on the server, and the parts sent again stay within what was in flight
// when each kill landed (counted at the proxy: every UploadPart request that reached it).
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seededRandom, startFaultProxy, type FaultProxy } from '../support/fault-proxy'
import { freshBucket, testClient, testConnection } from '../support/s3'
import {
  journaledParts,
  MiB,
  openUploads,
  readObject,
  tempDir,
  testManager,
  waitUntil,
  writeRandomFile,
} from './upload-support'

const PART = 5 * MiB
const CONCURRENCY = 2

describe('the engine killed again and again', () => {
  const s3 = testClient()
  const tmp = tempDir('kills')
  const journalDir = join(tmp.dir, 'state', 'transfers')
  let proxy: FaultProxy

  beforeAll(async () => {
    proxy = await startFaultProxy(testConnection().endpoint, 99)
  })
  afterAll(async () => {
    await proxy.close()
    tmp.cleanup()
  })

  const partRequests = (from: number, bucket: string) =>
    proxy.log
      .slice(from)
      .filter((r) => r.method === 'PUT' && r.url.startsWith(`/${bucket}/`) && r.url.includes('partNumber='))
      .length

  /** Journaled parts of all these transfers together. */
  const journaledOf = (ids: string[]) =>
    ids.reduce((n, id) => n + new Set(journaledParts(join(journalDir, `${id}.journal`))).size, 0)

  async function killAt(
    engines: { pid?: number | undefined }[],
    ids: string[],
    thresholds: number[],
  ): Promise<number> {
    let kills = 0
    for (const threshold of thresholds) {
      const engineCount = engines.length
      await waitUntil(`${threshold} parts are journaled`, () => journaledOf(ids) >= threshold, 120_000)
      // Only an engine that is running the transfers: a finished run has nothing to kill.
      if (engines.length !== engineCount) continue
      process.kill(engines.at(-1)!.pid!, 'SIGKILL')
      kills++
      await waitUntil('main restarts the engine', () => engines.length > engineCount, 60_000)
    }
    return kills
  }

  it('finishes one upload killed three times, re-sending at most the parts in flight per kill', async () => {
    const bucket = await freshBucket(s3, 'kill3')
    const path = join(tmp.dir, 'one.bin')
    const bytes = writeRandomFile(path, 40 * MiB)
    const partCount = 8
    proxy.setModes({ bytesPerSecond: 8 * MiB })
    const { manager, engines } = testManager(journalDir, {
      recover: true,
      restartLimit: { max: 10, windowMs: 60_000 },
    })
    try {
      const from = proxy.log.length
      const [s] = await manager.upload({
        connection: { ...testConnection(), endpoint: proxy.endpoint },
        bucket,
        key: 'one.bin',
        paths: [path],
        partSize: PART,
        concurrency: CONCURRENCY,
      })
      const finished = manager.waitFor(s!.id)
      const kills = await killAt(engines, [s!.id], [1, 3, 5])
      const done = await finished
      const sent = partRequests(from, bucket)
      console.log(`[kills] one upload, ${kills} kills: ${sent} UploadPart requests for ${partCount} parts`)
      expect(kills).toBe(3)
      expect(done.summary.state).toBe('done')
      expect(done.summary.verification).toMatchObject({ verified: true })
      expect(sent - partCount).toBeLessThanOrEqual(kills * CONCURRENCY)
      expect((await readObject(s3, bucket, 'one.bin')).equals(bytes)).toBe(true)
      expect(await openUploads(s3, bucket)).toEqual([])
    } finally {
      proxy.setModes({})
      await manager.close()
    }
  })

  it('finishes 10 uploads with the engine killed at seeded random moments', async () => {
    const bucket = await freshBucket(s3, 'kill10')
    const random = seededRandom(20261121)
    const files = Array.from({ length: 10 }, (_, i) => {
      const path = join(tmp.dir, `many-${i}.bin`)
      // Above the single-PUT threshold (concurrency x part size): every file goes multipart.
      const size = (11 + Math.floor(random() * 10)) * MiB + i
      return { path, key: `many-${i}.bin`, bytes: writeRandomFile(path, size), parts: Math.ceil(size / PART) }
    })
    const totalParts = files.reduce((n, f) => n + f.parts, 0)
    const thresholds = [0.15, 0.4, 0.65].map((f) =>
      Math.max(1, Math.floor(totalParts * (f + random() * 0.1))),
    )
    proxy.setModes({ bytesPerSecond: 16 * MiB })
    const { manager, engines } = testManager(journalDir, {
      recover: true,
      restartLimit: { max: 10, windowMs: 60_000 },
    })
    try {
      const from = proxy.log.length
      const ids: string[] = []
      for (const f of files) {
        const [s] = await manager.upload({
          connection: { ...testConnection(), endpoint: proxy.endpoint },
          bucket,
          key: f.key,
          paths: [f.path],
          partSize: PART,
          concurrency: CONCURRENCY,
        })
        ids.push(s!.id)
      }
      const finished = Promise.all(ids.map((id) => manager.waitFor(id)))
      const kills = await killAt(engines, ids, thresholds)
      const results = await finished
      const sent = partRequests(from, bucket)
      console.log(
        `[kills] 10 uploads, ${kills} kills at ${thresholds.join('/')} journaled parts: ${sent} UploadPart requests for ${totalParts} parts`,
      )
      expect(kills).toBeGreaterThanOrEqual(2)
      for (const r of results) expect(r.summary.state).toBe('done')
      // The memory budget (concurrency x part size) runs one of these uploads at a time, so
      // at most CONCURRENCY parts were in flight at each kill.
      expect(sent - totalParts).toBeLessThanOrEqual(kills * CONCURRENCY)
      for (const f of files) expect((await readObject(s3, bucket, f.key)).equals(f.bytes)).toBe(true)
      expect(await openUploads(s3, bucket)).toEqual([])
    } finally {
      proxy.setModes({})
      await manager.close()
    }
  })
})
