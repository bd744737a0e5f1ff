// A resume reuses a part only when the local bytes prove it: a changed source starts over,
// and a part altered in place (same size, same mtime) is detected and sent again.
import { closeSync, openSync, readFileSync, statSync, utimesSync, writeSync } from 'node:fs'
import { join } from 'node:path'
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

const MTIME = 1_700_000_000

describe('resume proves the parts it reuses', () => {
  const s3 = testClient()
  const tmp = tempDir('proof')
  const journalDir = join(tmp.dir, 'state', 'transfers')
  let manager: TransferManager
  let link: Awaited<ReturnType<typeof slowLink>>
  let bucket: string

  beforeAll(async () => {
    manager = testManager(journalDir).manager
    link = await slowLink(25 * MiB)
    bucket = await freshBucket(s3, 'proof')
  })
  afterAll(async () => {
    await manager.close()
    await link.close()
    tmp.cleanup()
  })

  const startAndPause = async (name: string, size: number, parts: number) => {
    const path = join(tmp.dir, name)
    writeRandomFile(path, size)
    // A whole-second mtime, so a test can put it back exactly (utimes takes seconds as a float).
    utimesSync(path, MTIME, MTIME)
    const [s] = await manager.upload({
      connection: link.connection,
      bucket,
      key: name,
      paths: [path],
      partSize: 5 * MiB,
      concurrency: 1,
    })
    const journal = join(journalDir, `${s!.id}.journal`)
    await waitUntil(`${parts} parts are journaled`, () => journaledParts(journal).length >= parts)
    manager.pause(s!.id)
    expect((await manager.waitFor(s!.id)).summary.state).toBe('paused')
    const [open] = await openUploads(s3, bucket)
    return { id: s!.id, path, journal, uploadId: open!.uploadId, journaled: journaledParts(journal) }
  }

  it('starts over when the source changed: the object is the new file, the old upload is aborted', async () => {
    const t = await startAndPause('changing.bin', 40 * MiB, 2)
    const newer = writeRandomFile(t.path, 31 * MiB + 7)

    manager.resume(t.id)
    const done = await manager.waitFor(t.id)
    expect(done.summary.state).toBe('done')
    expect(done.notes.map((n) => n.code)).toContain('source-changed')
    expect(done.notes.find((n) => n.code === 'source-changed')!.message).toContain(
      'changed since the upload began',
    )
    expect(done.outcome!.partsReused).toBe(0)
    expect(done.outcome!.partsUploaded).toBe(7)
    expect(done.summary.verification).toMatchObject({ verified: true })
    expect((await readObject(s3, bucket, 'changing.bin')).equals(newer)).toBe(true)
    const still = await openUploads(s3, bucket)
    expect(still.map((u) => u.uploadId)).not.toContain(t.uploadId)
    expect(still).toEqual([])
    // The journal records the restart: after the header of its queueing, a second engine header
    // with a new upload id.
    const text = readFileSync(t.journal, 'utf8')
    expect(text.match(/"t":"header"/g)).toHaveLength(3)
    expect(text.match(/"kind":"multipart"/g)).toHaveLength(2)
    expect(text.split('\n')[0]).toContain('"kind":"queued"')
  })

  it('detects a part changed in place without a size or mtime change and sends it again', async () => {
    const t = await startAndPause('altered.bin', 30 * MiB, 3)
    expect(t.journaled.slice(0, 3)).toEqual([1, 2, 3])
    const before = statSync(t.path)
    expect(before.mtimeMs).toBe(MTIME * 1000)
    // Change bytes inside part 1, then put the modification time back.
    const fd = openSync(t.path, 'r+')
    writeSync(fd, Buffer.from('altered in place, same size'), 0, 27, 1000)
    closeSync(fd)
    utimesSync(t.path, MTIME, MTIME)
    expect(statSync(t.path).mtimeMs).toBe(before.mtimeMs)
    expect(statSync(t.path).size).toBe(before.size)
    const current = readFileSync(t.path)

    manager.resume(t.id)
    const done = await manager.waitFor(t.id)
    expect(done.summary.state).toBe('done')
    const journaled = new Set(t.journaled).size
    // Every journaled part but the altered one is reused; the altered one is sent again.
    expect(done.outcome!.partsReused).toBeGreaterThanOrEqual(journaled - 1)
    expect(done.outcome!.partsReused).toBeLessThanOrEqual(5)
    expect(done.outcome!.partsUploaded + done.outcome!.partsReused).toBe(6)
    expect(done.notes.some((n) => n.code === 'integrity' && n.message.startsWith('part 1 '))).toBe(true)
    expect(done.summary.verification).toMatchObject({ verified: true, method: 'multipart-etag' })
    expect((await readObject(s3, bucket, 'altered.bin')).equals(current)).toBe(true)
  })
})
