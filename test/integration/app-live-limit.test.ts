// The app's bandwidth setting applies to transfers already running: through the bridge's real
// handlers (settings:save, as the Settings dialog saves), an upload started at 256 KiB/s ends
// as soon as the limit is lifted, and a download slows at once when a lower limit is set. The
// bytes stored and written are compared whole.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import type { TransferSummary } from '../../src/shared/domain/transfer'
import { freshBucket, saveTestConnection, testClient } from '../support/s3'
import { bridgeCalls } from './bridge-calls'
import { enginePath, MiB, readObject, tempDir, waitUntil, writeRandomFile } from './upload-support'

const KiB = 1024

describe('a bandwidth limit changed in Settings while transfers run', () => {
  const s3 = testClient()
  const tmp = tempDir('app-live-limit')
  let main: HeadlessMain
  let connectionId: string
  let bucket: string

  const { call, waitForState, ...bridge } = bridgeCalls(() => main)
  const summaryOf = async (id: string) => (await bridge.summaryOf(id))!
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'livelimit')
    main = createHeadlessMain({ stateDir: join(tmp.dir, 'state'), enginePath })
    connectionId = await saveTestConnection(main, 'rgw')
  })
  afterAll(async () => {
    await main.close()
    tmp.cleanup()
  })

  it('an upload started at 256 KiB/s finishes soon after the limit is lifted', async () => {
    const path = join(tmp.dir, 'up.bin')
    const bytes = writeRandomFile(path, 8 * MiB)
    // Two 5 MiB-or-less parts at 256 KiB/s: 32 s for the file, 20 s before the first part goes.
    await call('settings:save', { partSize: 5 * MiB, concurrency: 2, maxBytesPerSecond: 256 * KiB })
    const started = Date.now()
    const [t] = await call<TransferSummary[]>('transfers:upload', {
      connectionId,
      bucket,
      prefix: '',
      paths: [path],
    })
    const id = t!.id
    await sleep(1_500)
    // The limit held until now: no part can have had its 5 MiB (or 3 MiB) in 1.5 s.
    const before = await summaryOf(id)
    expect(before.state).not.toBe('done')
    expect(before.bytesDone).toBe(0)

    await call('settings:save', { maxBytesPerSecond: 0 })
    const done = await waitForState(id, ['done', 'failed'], 25_000)
    expect(done.state).toBe('done')
    // Under the old limit it needed 31 s at least; 20 s leaves a noisy machine room.
    expect(Date.now() - started).toBeLessThan(20_000)
    expect((await readObject(s3, bucket, 'up.bin')).equals(bytes)).toBe(true)
  })

  it('a download slows at once when a lower limit is set, and ends when it is lifted', async () => {
    const bytes = writeRandomFile(join(tmp.dir, 'source.bin'), 32 * MiB)
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'down.bin', Body: bytes }))
    await call('settings:save', { partSize: 5 * MiB, concurrency: 2, maxBytesPerSecond: 4 * MiB })
    const folder = join(tmp.dir, 'downloads')
    main.desktop.answerFolderPick(folder)
    const [t] = await call<TransferSummary[]>('objects:download', {
      connectionId,
      bucket,
      keys: ['down.bin'],
    })
    const id = t!.id
    await waitUntil('2 MiB arrived', async () => (await summaryOf(id)).bytesDone >= 2 * MiB)

    await call('settings:save', { maxBytesPerSecond: 256 * KiB })
    const atChange = (await summaryOf(id)).bytesDone
    await sleep(3_000)
    const after = await summaryOf(id)
    expect(after.state).toBe('downloading')
    // 3 s at 256 KiB/s is 0.75 MiB; besides, each of the two ranges may hold a megabyte it read
    // before its next turn, and the summary lags a tenth of a second. At the old 4 MiB/s the
    // three seconds would have brought 12 MiB.
    expect(after.bytesDone - atChange).toBeLessThan(4 * MiB)

    await call('settings:save', { maxBytesPerSecond: 0 })
    const done = await waitForState(id, ['done', 'failed'], 30_000)
    expect(done.state).toBe('done')
    expect(done.verification?.verified).toBe(true)
    expect(readFileSync(join(folder, 'down.bin')).equals(bytes)).toBe(true)
  })
})
