// "Cancel all" in the app: one bridge request for a queue of ten thousand uploads, answered
// quickly; every one ends cancelled (or done, if it finished first), nothing is left to resume,
// and the store holds no open upload.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import type { TransferSummary } from '../../src/shared/domain/transfer'
import { freshBucket, saveTestConnection, testClient } from '../support/s3'
import { bridgeCalls } from './bridge-calls'
import { enginePath, openUploads, tempDir, waitUntil } from './upload-support'

const FILES = 10_000

describe('Cancel all', () => {
  const s3 = testClient()
  const tmp = tempDir('cancelall')
  let main: HeadlessMain
  const { call } = bridgeCalls(() => main)

  beforeAll(() => {
    main = createHeadlessMain({ stateDir: join(tmp.dir, 'state'), enginePath })
  })
  afterAll(async () => {
    await main.close()
    tmp.cleanup()
  })

  it(`cancels ${FILES.toLocaleString('en-US')} queued uploads in one request`, async () => {
    const bucket = await freshBucket(s3, 'cancelall')
    const connectionId = await saveTestConnection(main)
    const folder = join(tmp.dir, 'many')
    mkdirSync(folder)
    for (let i = 0; i < FILES; i++) writeFileSync(join(folder, `f-${i}.txt`), `file ${i}`)
    const queued = await call<TransferSummary[]>('transfers:upload', {
      connectionId,
      bucket,
      prefix: 'many/',
      paths: [folder],
    })
    expect(queued).toHaveLength(FILES)

    const started = performance.now()
    const { count } = await call<{ count: number }>('transfers:cancel-all', {})
    const tookMs = performance.now() - started
    console.log(`cancel-all of ${FILES} queued uploads: ${Math.round(tookMs)} ms, ${count} cancelled`)
    // The few that ran first may have finished before the request came.
    expect(count).toBeGreaterThan(FILES - 200)
    expect(tookMs).toBeLessThan(10_000)

    let states: TransferSummary['state'][] = []
    await waitUntil(
      'every upload is cancelled or done',
      () => {
        void call<TransferSummary[]>('transfers:list', {}).then((all) => (states = all.map((t) => t.state)))
        return states.length === FILES && states.every((s) => s === 'cancelled' || s === 'done')
      },
      60_000,
    )
    expect(states.filter((s) => s === 'cancelled')).toHaveLength(count)
    expect(await main.core.transfers.resumable()).toEqual([])
    expect(await openUploads(s3, bucket)).toEqual([])
    // Again: nothing is left to cancel.
    expect(await call('transfers:cancel-all', {})).toEqual({ count: 0 })
  })
})
