// The transfer manager carries on by itself: a laptop that sleeps (power events through the
// Node port), a network that goes away, an engine killed with -9, an app that quit midway.
// Nobody calls resume in any of these tests.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualSystemEvents } from '../../src/main/core/node-adapters/manual-system-events'
import type { TransferManager } from '../../src/main/core/transfers/transfer-manager'
import type { EngineConnection } from '../../src/shared/engine-protocol'
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy'
import { freshBucket, testClient, testConnection } from '../support/s3'
import {
  journaledParts,
  MiB,
  openUploads,
  readObject,
  tempDir,
  testManager,
  waitUntil,
  setEnv,
  writeRandomFile,
} from './upload-support'

const SIZE = 30 * MiB
const PARTS = 6

describe('recovery without the person', () => {
  const s3 = testClient()
  const tmp = tempDir('recovery')
  const journalDir = join(tmp.dir, 'state', 'transfers')
  let proxy: FaultProxy
  let connection: EngineConnection
  let path: string
  let bytes: Buffer
  let restoreEnv = () => {}

  beforeAll(async () => {
    restoreEnv = setEnv({ FERRY_IDLE_TIMEOUT_MS: '2000' })
    proxy = await startFaultProxy(testConnection().endpoint, 7)
    // A slow uplink: the upload lasts about four seconds, long enough to interrupt.
    proxy.setModes({ bytesPerSecond: 8 * MiB })
    connection = { ...testConnection(), endpoint: proxy.endpoint }
    path = join(tmp.dir, 'big.bin')
    bytes = writeRandomFile(path, SIZE)
  })
  afterAll(async () => {
    restoreEnv()
    await proxy.close()
    tmp.cleanup()
  })

  async function start(manager: TransferManager, bucket: string): Promise<string> {
    const [s] = await manager.upload({
      connection,
      bucket,
      key: 'big.bin',
      paths: [path],
      partSize: 5 * MiB,
      concurrency: 2,
    })
    const id = s!.id
    await waitUntil(
      'two parts are journaled',
      () => journaledParts(join(journalDir, `${id}.journal`)).length >= 2,
      60_000,
    )
    return id
  }

  async function expectIntact(bucket: string): Promise<void> {
    expect((await readObject(s3, bucket, 'big.bin')).equals(bytes)).toBe(true)
    expect(await openUploads(s3, bucket)).toEqual([])
  }

  it('pauses on suspend, and on wake waits for the endpoint, then finishes reusing the parts it had', async () => {
    const bucket = await freshBucket(s3, 'sleep')
    const system = new ManualSystemEvents()
    const { manager } = testManager(journalDir, { system })
    try {
      const id = await start(manager, bucket)
      const finished = manager.waitFor(id)
      system.emit('suspend')
      await waitUntil('the transfer is held', () => manager.get(id)!.state === 'waiting-network', 20_000)
      // The lid opens before the network is back: the first requests would hang.
      const blackout = proxy.blackout(4000)
      const woke = Date.now()
      system.emit('resume')
      const done = await finished
      await blackout
      console.log(
        `[recovery] suspend/resume with a 4 s dead network on wake: done ${Date.now() - woke} ms after wake`,
      )
      expect(done.summary.state).toBe('done')
      expect(done.outcome!.partsReused).toBeGreaterThan(0)
      expect(done.outcome!.partsUploaded + done.outcome!.partsReused).toBe(PARTS)
      await expectIntact(bucket)
    } finally {
      await manager.close()
    }
  })

  it('holds transfers in waiting-network when the system goes offline, and carries on once the endpoint answers', async () => {
    const bucket = await freshBucket(s3, 'offline')
    const system = new ManualSystemEvents()
    const { manager } = testManager(journalDir, { system })
    try {
      const id = await start(manager, bucket)
      const finished = manager.waitFor(id)
      system.emit('offline')
      await waitUntil('the transfer is held', () => manager.get(id)!.state === 'waiting-network', 20_000)
      expect(manager.get(id)!.error).toBeUndefined()
      system.emit('online')
      const done = await finished
      expect(done.summary.state).toBe('done')
      expect(done.outcome!.partsReused).toBeGreaterThan(0)
      await expectIntact(bucket)
    } finally {
      await manager.close()
    }
  })

  it('restarts an engine killed with -9 and finishes, re-sending at most the parts in flight', async () => {
    const bucket = await freshBucket(s3, 'kill')
    const { manager, engines } = testManager(journalDir, { recover: true })
    try {
      const id = await start(manager, bucket)
      const finished = manager.waitFor(id)
      const journaled = new Set(journaledParts(join(journalDir, `${id}.journal`))).size
      process.kill(engines[0]!.pid!, 'SIGKILL')
      const killed = Date.now()
      const done = await finished
      console.log(`[recovery] kill -9 of the engine: done ${Date.now() - killed} ms later`)
      expect(engines).toHaveLength(2)
      expect(done.summary.state).toBe('done')
      expect(done.outcome!.partsReused).toBeGreaterThanOrEqual(journaled)
      // Re-sent: only the parts not journaled when the engine died.
      expect(done.outcome!.partsUploaded).toBeLessThanOrEqual(PARTS - journaled)
      await expectIntact(bucket)
    } finally {
      await manager.close()
    }
  })

  it('resumes the unfinished transfers of an earlier run when started with resumeOnStart', async () => {
    const bucket = await freshBucket(s3, 'restart')
    const first = testManager(journalDir)
    const id = await start(first.manager, bucket)
    // The app dies: its engine with it, no pause recorded.
    process.kill(first.engines[0]!.pid!, 'SIGKILL')
    await first.manager.waitFor(id)
    await first.manager.close()

    const { manager } = testManager(journalDir, {
      resumeOnStart: true,
      connections: {
        resolve: () => connection,
        list: () => [{ id: 'c1', endpoint: connection.endpoint, region: connection.region }],
      },
    })
    try {
      await waitUntil('the transfer is picked up', () => manager.get(id) !== undefined, 20_000)
      const done = await manager.waitFor(id)
      expect(done.summary.state).toBe('done')
      expect(done.outcome!.partsReused).toBeGreaterThan(0)
      await expectIntact(bucket)
    } finally {
      await manager.close()
    }
  })
})
