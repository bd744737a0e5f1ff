// A file queued in a batch of small files (engine/journal-batch.ts) that grew past the
// multipart threshold before it started: its multipart upload journals into the batch, and a
// resume after the engine is killed mid-way finds its parts there and reuses them.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BATCH_SUFFIX, batchOf, readBatch } from '../../src/main/engine/journal-batch'
import { freshBucket, testClient } from '../support/s3'
import {
  MiB,
  openUploads,
  readObject,
  slowLink,
  tempDir,
  testManager,
  waitUntil,
  writeRandomFile,
} from './upload-support'

describe('a batch of small files', () => {
  const s3 = testClient()
  const tmp = tempDir('batch')
  const journalDir = join(tmp.dir, 'state', 'transfers')
  let link: Awaited<ReturnType<typeof slowLink>>

  beforeAll(async () => {
    link = await slowLink(8 * MiB)
  })
  afterAll(async () => {
    await link.close()
    tmp.cleanup()
  })

  it('journals a file that grew past the threshold into its batch, and resumes it after an engine kill', async () => {
    const bucket = await freshBucket(s3, 'batchgrew')
    const paths = ['a.bin', 'b.bin', 'c.bin'].map((n) => join(tmp.dir, n))
    const small = paths.map((p) => writeRandomFile(p, 100_000))
    // One file at a time, and an engine that comes back after a crash, as in the app.
    const { manager, engines } = testManager(journalDir, { maxActiveFiles: 1, recover: true })
    try {
      const queued = await manager.upload({
        connection: link.connection,
        bucket,
        prefix: 'grew/',
        paths,
        partSize: 5 * MiB,
        concurrency: 2,
        multipartThreshold: 5 * MiB,
      })
      const [a, b, c] = queued.map((s) => s.id) as [string, string, string]
      expect(batchOf(c)).toBeDefined()
      expect([batchOf(a), batchOf(b)]).toEqual([batchOf(c), batchOf(c)])
      // c grows before its turn: the engine plans it as a multipart upload of 3 parts.
      const grown = writeRandomFile(paths[2]!, 12 * MiB)
      const batch = join(journalDir, `${batchOf(c)}${BATCH_SUFFIX}`)
      const partsOf = (id: string) => readBatch(batch)?.views.get(id)?.parts.size ?? 0
      await waitUntil('a part of the grown file is journaled in the batch', () => partsOf(c) >= 1, 60_000)
      expect(readBatch(batch)!.views.get(c)!.header).toMatchObject({ kind: 'multipart', partCount: 3 })
      process.kill(engines[0]!.pid!, 'SIGKILL')

      const done = await manager.waitFor(c)
      expect(engines.length).toBeGreaterThanOrEqual(2)
      expect(done.summary.state).toBe('done')
      expect(done.outcome!.verification.verified).toBe(true)
      expect(done.outcome!.partsReused).toBeGreaterThanOrEqual(1)
      expect(done.outcome!.partsUploaded + done.outcome!.partsReused).toBe(3)
      for (const id of [a, b]) expect((await manager.waitFor(id)).summary.state).toBe('done')
      expect((await readObject(s3, bucket, 'grew/c.bin')).equals(grown)).toBe(true)
      for (const [i, name] of ['a.bin', 'b.bin'].entries())
        expect((await readObject(s3, bucket, `grew/${name}`)).equals(small[i]!)).toBe(true)
      expect(await openUploads(s3, bucket)).toEqual([])
      // Everything stayed in the batch: no journal of its own for any of them.
      expect(readdirSync(journalDir)).toEqual([`${batchOf(c)}${BATCH_SUFFIX}`])
    } finally {
      await manager.close()
    }
  })
})
