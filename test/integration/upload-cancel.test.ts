// Pause keeps the upload resumable; cancel leaves nothing on the server.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TransferManager } from '../../src/main/core/transfers/transfer-manager'
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

describe('pause and cancel', () => {
  const s3 = testClient()
  const tmp = tempDir('cancel')
  const journalDir = join(tmp.dir, 'state', 'transfers')
  let manager: TransferManager
  let link: Awaited<ReturnType<typeof slowLink>>
  let bucket: string

  beforeAll(async () => {
    manager = testManager(journalDir).manager
    link = await slowLink(25 * MiB)
    bucket = await freshBucket(s3, 'cancel')
  })
  afterAll(async () => {
    await manager.close()
    await link.close()
    tmp.cleanup()
  })

  const start = async (name: string, size: number) => {
    const path = join(tmp.dir, name)
    const bytes = writeRandomFile(path, size)
    const [s] = await manager.upload({
      connection: link.connection,
      bucket,
      key: name,
      paths: [path],
      partSize: 5 * MiB,
      concurrency: 2,
      multipartThreshold: 5 * MiB,
    })
    return { id: s!.id, bytes, journal: join(journalDir, `${s!.id}.journal`) }
  }

  it('cancel aborts the multipart upload: no incomplete upload is left on the server', async () => {
    const t = await start('cancel-me.bin', 40 * MiB)
    await waitUntil('two parts are journaled', () => journaledParts(t.journal).length >= 2)
    expect(await openUploads(s3, bucket)).toHaveLength(1)
    manager.cancel(t.id)
    const result = await manager.waitFor(t.id)
    expect(result.summary.state).toBe('cancelled')
    expect(await openUploads(s3, bucket)).toEqual([])
    // Nothing is left to resume: the journal is gone; the list shows it cancelled until cleared.
    expect(existsSync(t.journal)).toBe(false)
    expect((await manager.list()).find((s) => s.id === t.id)?.state).toBe('cancelled')
  })

  it('pause keeps the upload id; resume finishes it reusing the parts already sent', async () => {
    const t = await start('pause-me.bin', 40 * MiB)
    await waitUntil('two parts are journaled', () => journaledParts(t.journal).length >= 2)
    manager.pause(t.id)
    const paused = await manager.waitFor(t.id)
    expect(paused.summary.state).toBe('paused')
    expect(await openUploads(s3, bucket)).toHaveLength(1)
    const journaled = journaledParts(t.journal).length
    expect(journaled).toBeGreaterThanOrEqual(2)

    manager.resume(t.id)
    const done = await manager.waitFor(t.id)
    expect(done.summary.state).toBe('done')
    expect(done.outcome!.partsReused).toBeGreaterThanOrEqual(journaled)
    expect(done.outcome!.partsUploaded + done.outcome!.partsReused).toBe(8)
    expect(done.summary.verification).toMatchObject({ verified: true, method: 'multipart-etag' })
    expect((await readObject(s3, bucket, 'pause-me.bin')).equals(t.bytes)).toBe(true)
    expect(await openUploads(s3, bucket)).toEqual([])
  })

  it('cancel of a paused transfer (not running) still aborts its upload', async () => {
    const t = await start('paused-then-cancelled.bin', 40 * MiB)
    await waitUntil('a part is journaled', () => journaledParts(t.journal).length >= 1)
    manager.pause(t.id)
    expect((await manager.waitFor(t.id)).summary.state).toBe('paused')
    expect(await openUploads(s3, bucket)).toHaveLength(1)
    manager.cancel(t.id)
    await waitUntil('the transfer is cancelled', () => manager.get(t.id)?.state === 'cancelled')
    expect(await openUploads(s3, bucket)).toEqual([])
  })

  it('cancel of a failed transfer deletes its journal: it does not come back at the next start', async () => {
    const path = join(tmp.dir, 'taken.txt')
    writeRandomFile(path, 1024)
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'taken.txt', Body: 'someone else' }))
    const [s] = await manager.upload({
      connection: link.connection,
      bucket,
      key: 'taken.txt',
      paths: [path],
      ifExists: 'fail',
    })
    expect((await manager.waitFor(s!.id)).summary.state).toBe('failed')
    manager.cancel(s!.id)
    await waitUntil('the transfer is cancelled', () => manager.get(s!.id)?.state === 'cancelled')
    expect(existsSync(join(journalDir, `${s!.id}.journal`))).toBe(false)
    expect(await manager.clearFinished()).toContain(s!.id)

    const restarted = testManager(journalDir).manager
    try {
      expect((await restarted.list()).find((t) => t.id === s!.id)).toBeUndefined()
      expect(await restarted.resumable()).not.toContain(s!.id)
    } finally {
      await restarted.close()
    }
    expect((await readObject(s3, bucket, 'taken.txt')).toString()).toBe('someone else')
  })
})
