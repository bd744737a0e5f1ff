// kill -9 of the engine mid-stream: the resume fetches only the parts the journal does not
// hold (counted at the source server), proves the rest by the journal and ListParts, and a
// source that changed in between is streamed again from scratch, never stitched.
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { TransferManager } from '../../src/main/core/transfers/transfer-manager'
import type { EngineProcess } from '../../src/main/core/ports'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { randomSource, startFtpSource, startHttpSource } from '../support/source-servers'
import {
  journaledParts,
  MiB,
  openUploads,
  readObject,
  tempDir,
  testManager,
  waitUntil,
} from './upload-support'

const PART = 5 * MiB
const SIZE = 6 * PART - 1234
const PARTS = 6

describe('a stream whose engine is killed midway', () => {
  const s3 = testClient()
  const tmp = tempDir('streamkill')
  const journalDir = join(tmp.dir, 'state', 'transfers')
  afterAll(() => tmp.cleanup())

  /** Starts the stream, kills the engine once `parts` parts are journaled; returns the journaled part numbers. */
  async function killMidway(
    manager: TransferManager,
    engines: EngineProcess[],
    url: string,
    bucket: string,
    parts = 2,
  ): Promise<{ id: string; journaled: Set<number> }> {
    const s = manager.stream({
      connection: testConnection(),
      url,
      bucket,
      key: 'big.bin',
      partSize: PART,
      concurrency: 2,
    })
    const journal = join(journalDir, `${s.id}.journal`)
    await waitUntil(`${parts} parts are journaled`, () => journaledParts(journal).length >= parts)
    process.kill(engines.at(-1)!.pid!, 'SIGKILL')
    const crashed = await manager.waitFor(s.id)
    expect(crashed.summary.state).toBe('failed')
    expect(crashed.summary.error!.message).toContain('engine stopped')
    expect(await openUploads(s3, bucket)).toHaveLength(1)
    return { id: s.id, journaled: new Set(journaledParts(journal)) }
  }

  const partStart = (n: number) => (n - 1) * PART
  const missingStarts = (journaled: Set<number>) =>
    Array.from({ length: PARTS }, (_, i) => i + 1)
      .filter((n) => !journaled.has(n))
      .map(partStart)

  // A part S3 received whose journal record the kill cut off is fetched again and, its MD5
  // being the server's, reused rather than sent: reused parts may outnumber journaled ones.
  const expectReused = (o: { partsReused: number; partsUploaded: number }, journaled: Set<number>) => {
    expect(o.partsReused).toBeGreaterThanOrEqual(journaled.size)
    expect(o.partsReused + o.partsUploaded).toBe(PARTS)
  }

  async function resumeToEnd(manager: TransferManager, id: string, bucket: string, bytes: Buffer) {
    manager.resume(id)
    const done = await manager.waitFor(id)
    expect(done.summary.error).toBeUndefined()
    expect(done.summary.state).toBe('done')
    expect(done.summary.verification).toMatchObject({ verified: true, method: 'multipart-etag' })
    expect((await readObject(s3, bucket, 'big.bin')).equals(bytes)).toBe(true)
    expect(await openUploads(s3, bucket)).toEqual([])
    return done
  }

  it('ranged HTTP that also drops connections: the resume fetches exactly the missing ranges, with If-Range', async () => {
    const bucket = await freshBucket(s3, 'skill')
    const server = await startHttpSource({ bytesPerSecond: 6 * MiB, drops: 2, dropAfter: MiB })
    const bytes = randomSource(SIZE)
    server.put('big.bin', bytes)
    const { manager, engines } = testManager(journalDir)
    try {
      const { id, journaled } = await killMidway(manager, engines, server.url('big.bin'), bucket)
      const before = server.rangeGets('big.bin').length
      const done = await resumeToEnd(manager, id, bucket, bytes)
      const after = server.rangeGets('big.bin').slice(before)
      expect(after.map((g) => Number(/^bytes=(\d+)-/.exec(g.range!)![1])).sort((a, b) => a - b)).toEqual(
        missingStarts(journaled),
      )
      expect(after.every((g) => g.ifRange !== undefined)).toBe(true)
      expectReused(done.outcome!, journaled)
    } finally {
      await manager.close()
      await server.close()
    }
  })

  it('FTP: the resume RETRs only the missing parts (REST at each part start)', async () => {
    const bucket = await freshBucket(s3, 'fkill')
    const ftp = await startFtpSource(3 * MiB)
    const bytes = randomSource(SIZE)
    ftp.put('big.bin', bytes)
    const { manager, engines } = testManager(journalDir)
    try {
      const { id, journaled } = await killMidway(manager, engines, ftp.url('big.bin'), bucket)
      const before = ftp.retrievals.length
      const done = await resumeToEnd(manager, id, bucket, bytes)
      expect([...ftp.retrievals.slice(before)].sort((a, b) => a - b)).toEqual(missingStarts(journaled))
      expectReused(done.outcome!, journaled)
    } finally {
      await manager.close()
      await ftp.close()
    }
  })

  for (const kind of ['no ranges', 'chunked, no length'] as const) {
    it(`${kind}: the resume reads the source again from the start but sends only the parts S3 lacks`, async () => {
      const bucket = await freshBucket(s3, 'nkill')
      const server = await startHttpSource({
        ranges: false,
        chunked: kind !== 'no ranges',
        bytesPerSecond: 6 * MiB,
      })
      const bytes = randomSource(SIZE)
      server.put('big.bin', bytes)
      const { manager, engines } = testManager(journalDir)
      try {
        const { id, journaled } = await killMidway(manager, engines, server.url('big.bin'), bucket)
        const gets = server.requests.filter((r) => r.method === 'GET').length
        const done = await resumeToEnd(manager, id, bucket, bytes)
        expect(server.requests.filter((r) => r.method === 'GET').length - gets).toBe(1)
        expectReused(done.outcome!, journaled)
      } finally {
        await manager.close()
        await server.close()
      }
    })
  }

  it('a source that changed between runs is streamed again from scratch, never stitched', async () => {
    const bucket = await freshBucket(s3, 'ckill')
    const server = await startHttpSource({ bytesPerSecond: 6 * MiB })
    server.put('big.bin', randomSource(SIZE))
    const { manager, engines } = testManager(journalDir)
    try {
      const { id } = await killMidway(manager, engines, server.url('big.bin'), bucket)
      const changed = randomSource(SIZE)
      server.put('big.bin', changed)
      const done = await resumeToEnd(manager, id, bucket, changed)
      expect(done.outcome!.partsReused).toBe(0)
      expect(done.notes.map((n) => n.code)).toContain('source-changed')
      expect(done.notes.find((n) => n.code === 'source-changed')!.message).toMatch(
        /ETag "v1-[^"]*".* -> .*ETag "v2-/,
      )
    } finally {
      await manager.close()
      await server.close()
    }
  })

  it('a source gone by the resume fails the transfer and aborts its multipart upload', async () => {
    const bucket = await freshBucket(s3, 'gkill')
    const server = await startHttpSource({ bytesPerSecond: 6 * MiB })
    server.put('big.bin', randomSource(SIZE))
    const { manager, engines } = testManager(journalDir)
    try {
      const { id } = await killMidway(manager, engines, server.url('big.bin'), bucket)
      server.remove('big.bin')
      manager.resume(id)
      const failed = await manager.waitFor(id)
      expect(failed.summary.state).toBe('failed')
      expect(failed.summary.error!.message).toMatch(/404|not found|no longer/i)
      // The failed final means a later resume starts over: the journaled upload would be orphaned.
      expect(await openUploads(s3, bucket)).toEqual([])
    } finally {
      await manager.close()
      await server.close()
    }
  })
})
