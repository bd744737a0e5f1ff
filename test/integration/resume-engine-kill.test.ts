// kill -9 of the engine process mid-upload: the transfer becomes resumable, and the resume
// re-sends at most the parts that were in flight. Also for a file queued in a batch of small
// files (journal/journal-batch.ts) that grew past the multipart threshold before it started: its
// multipart upload journals into the batch, and the resume finds its parts there.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BATCH_SUFFIX, batchOf, readBatch } from '../../src/main/journal/journal-batch'
import { freshBucket, testClient } from '../support/s3'
import {
  journaledParts,
  MiB,
  openUploads,
  readObject,
  slowLink,
  tempDir,
  testManager,
  waitUntil,
  writeRandomFile,
} from './upload-support'

describe('the engine killed mid-upload', () => {
  const s3 = testClient()
  const tmp = tempDir('enginekill')
  const journalDir = join(tmp.dir, 'state', 'transfers')
  let link: Awaited<ReturnType<typeof slowLink>>

  beforeAll(async () => {
    link = await slowLink(25 * MiB)
  })
  afterAll(async () => {
    await link.close()
    tmp.cleanup()
  })

  it('leaves a resumable transfer that finishes byte for byte, reusing every journaled part', async () => {
    const bucket = await freshBucket(s3, 'ekill')
    const { manager, engines } = testManager(journalDir)
    try {
      const path = join(tmp.dir, 'big.bin')
      const bytes = writeRandomFile(path, 42 * MiB)
      const concurrency = 3
      const [s] = await manager.upload({
        connection: link.connection,
        bucket,
        key: 'big.bin',
        paths: [path],
        partSize: 5 * MiB,
        concurrency,
      })
      const id = s!.id
      const journal = join(journalDir, `${id}.journal`)
      await waitUntil('three parts are journaled', () => journaledParts(journal).length >= 3)
      process.kill(engines[0]!.pid!, 'SIGKILL')

      const crashed = await manager.waitFor(id)
      expect(crashed.summary.state).toBe('failed')
      expect(crashed.summary.error).toMatchObject({ code: 'internal', retryable: true })
      expect(crashed.summary.error!.message).toContain('engine stopped')
      const journaled = new Set(journaledParts(journal)).size
      // The upload is still open on the server, waiting to be resumed.
      expect(await openUploads(s3, bucket)).toHaveLength(1)

      manager.resume(id)
      const done = await manager.waitFor(id)
      expect(engines).toHaveLength(2)
      expect(done.summary.state).toBe('done')
      const partCount = 9
      expect(done.outcome!.partsReused).toBeGreaterThanOrEqual(journaled)
      expect(done.outcome!.partsUploaded).toBeLessThanOrEqual(partCount - done.outcome!.partsReused)
      // Re-sent: only parts not journaled, of which at most `concurrency` were in flight.
      expect(done.outcome!.partsUploaded + done.outcome!.partsReused).toBe(partCount)
      expect(done.summary.verification).toMatchObject({ verified: true, method: 'multipart-etag' })
      expect((await readObject(s3, bucket, 'big.bin')).equals(bytes)).toBe(true)
      expect(await openUploads(s3, bucket)).toEqual([])
    } finally {
      await manager.close()
    }
  })

  it('resumes a file of a batch of small files that grew past the threshold from the parts in its batch', async () => {
    const bucket = await freshBucket(s3, 'batchgrew')
    // Slower than the shared link: the kill must come while the grown file's parts are in flight.
    const slow = await slowLink(8 * MiB)
    const batchJournals = join(tmp.dir, 'state-batch', 'transfers')
    const paths = ['a.bin', 'b.bin', 'c.bin'].map((n) => join(tmp.dir, n))
    const small = paths.map((p) => writeRandomFile(p, 100_000))
    // One file at a time, and an engine that comes back after a crash, as in the app.
    const { manager, engines } = testManager(batchJournals, { maxActiveFiles: 1, recover: true })
    try {
      const queued = await manager.upload({
        connection: slow.connection,
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
      const batch = join(batchJournals, `${batchOf(c)}${BATCH_SUFFIX}`)
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
      expect(readdirSync(batchJournals)).toEqual([`${batchOf(c)}${BATCH_SUFFIX}`])
    } finally {
      await manager.close()
      await slow.close()
    }
  })
})
