// kill -9 of the engine process mid-upload: the transfer becomes resumable, and the resume
// re-sends at most the parts that were in flight.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
})
