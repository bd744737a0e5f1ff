// The window's moves as rows of the transfers panel, through the app's real handlers on a
// headless main against radosgw: a folder rename shows its progress (objects and bytes, in
// batched change events) and ends done with its counts; Pause stops it resumable and Resume
// finishes it; Cancel stops it with every object at its source or at its target, byte for
// byte, never both, no multipart upload open and no journal left; a paste into another
// connection (every object streamed, multipart) cancelled mid-stream leaves no upload open.
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import type { SetTransferSummary, TransferSummary } from '../../src/shared/domain/transfer'
import type { Result } from '../../src/shared/errors'
import { freshBucket, saveTestConnection, testClient } from '../support/s3'
import { expectObjects, keysUnder, seedObjects } from './move-support'
import { cliStateEnv } from './objects-support'
import { enginePath, MiB, openUploads, readObject, runFerry, tempDir, waitUntil } from './upload-support'

const s3 = testClient()
const tmp = tempDir('app-move-panel')
const COUNT = 200
const SLOW = 180_000

const isSet = (t: TransferSummary): t is SetTransferSummary =>
  t.direction === 'move' || t.direction === 'copy'

/** Every object either at its source or at its target, byte for byte, and never at both. */
async function eachObjectOnce(
  client: S3Client,
  bucket: string,
  from: string,
  to: string,
  expected: Map<string, Buffer>,
  toBucket = bucket,
): Promise<{ moved: number; left: number }> {
  const left = new Set((await keysUnder(client, bucket, from)).map((k) => k.slice(from.length)))
  const moved = new Set((await keysUnder(client, toBucket, to)).map((k) => k.slice(to.length)))
  for (const name of left) expect(moved.has(name), `${name} at both`).toBe(false)
  expect([...left, ...moved].sort()).toEqual([...expected.keys()].sort())
  for (const [name, bytes] of expected) {
    const got = left.has(name)
      ? await readObject(client, bucket, from + name)
      : await readObject(client, toBucket, to + name)
    expect(got.equals(bytes), name).toBe(true)
  }
  return { moved: moved.size, left: left.size }
}

describe('moves in the transfers panel', () => {
  let main: HeadlessMain
  let connectionId: string
  let stateDir: string
  /** Every move row each change event carried, in order. */
  const seen: SetTransferSummary[][] = []

  beforeAll(async () => {
    stateDir = join(tmp.dir, 'state')
    main = createHeadlessMain({ stateDir, enginePath })
    connectionId = await saveTestConnection(main, 'rgw')
    main.subscribe('transfers:changed', (batch) => seen.push(batch.filter(isSet)))
  })
  afterAll(async () => {
    await main.close()
    tmp.cleanup()
  })

  const rows = async (): Promise<SetTransferSummary[]> => {
    const listed = (await main.dispatch('transfers:list', {})) as Result<TransferSummary[]>
    if (!listed.ok) throw new Error(listed.error.message)
    return listed.value.filter(isSet)
  }
  const rowOf = async (label: string) => (await rows()).find((r) => r.set.label === label)
  const journals = () => {
    const dir = join(stateDir, 'transfers', 'moves')
    return existsSync(dir) ? readdirSync(dir) : []
  }
  /** Rows of earlier tests off the list, so that a label names this test's row. */
  const clearFinished = () => main.dispatch('transfers:clear-finished', {})
  const rename = (bucket: string, source: string, target: string) =>
    main.dispatch('objects:move', { connectionId, bucket, moves: [{ source, target }] })
  const label = 'photos/ → archive/photos/'

  /** photos/ of a fresh bucket being renamed, a tenth of it moved: its row, and the window's answer to come. */
  async function renameUnderWay(name: string) {
    await clearFinished()
    const bucket = await freshBucket(s3, name)
    const expected = await seedObjects(s3, bucket, 'photos/', COUNT)
    const before = journals().length
    const asked = rename(bucket, 'photos/', 'archive/photos/')
    await waitUntil(
      'a tenth moved',
      async () => ((await rowOf(label))?.set.objectsDone ?? 0) >= COUNT / 10,
      SLOW,
    )
    return { bucket, expected, before, asked, row: (await rowOf(label))! }
  }

  it(
    'shows a folder rename running with its progress, then done with its counts',
    async () => {
      const bucket = await freshBucket(s3, 'pnlmv')
      const expected = await seedObjects(s3, bucket, 'photos/', COUNT)
      const bytes = [...expected.values()].reduce((n, b) => n + b.length, 0)
      seen.length = 0
      const started = Date.now()
      const answer = await rename(bucket, 'photos/', 'archive/photos/')
      const took = Date.now() - started
      expect(answer).toEqual({ ok: true, value: { moved: COUNT, skipped: 0, failed: 0, errors: [] } })
      const mine = seen.flat().filter((r) => r.set.label === label)
      // Progress while it ran: counts that grew, of all 200 once the listing found them.
      const running = mine.filter((r) => r.state === 'moving')
      expect(running.some((r) => r.set.objectsDone > 0 && r.set.objectsDone < COUNT)).toBe(true)
      expect(running.some((r) => r.set.listed && r.set.objectsTotal === COUNT)).toBe(true)
      const done = running.map((r) => r.set.objectsDone)
      expect(done).toEqual([...done].sort((a, b) => a - b))
      // Batched as the other rows are (at most one event per 100 ms, and the last).
      expect(seen.filter((b) => b.length > 0).length).toBeLessThanOrEqual(Math.ceil(took / 100) + 2)
      expect(await rowOf(label)).toMatchObject({
        direction: 'move',
        state: 'done',
        connectionId,
        bucket,
        key: 'archive/photos/',
        bytesDone: bytes,
        size: bytes,
        speed: 0,
        set: { objectsDone: COUNT, objectsTotal: COUNT, listed: true, skipped: 0, failed: 0 },
      })
      await expectObjects(s3, bucket, 'archive/photos/', expected)
      expect(journals()).toHaveLength(1)
      // Clear finished takes the done row off the list, and its journal off the disk.
      const cleared = (await main.dispatch('transfers:clear-finished', {})) as Result<{ ids: string[] }>
      expect(cleared.ok && cleared.value.ids).toContain(mine[0]!.id)
      expect(await rowOf(label)).toBeUndefined()
      expect(journals()).toEqual([])
    },
    SLOW,
  )

  it(
    'pauses a move resumable, by the app or by ferry resume, which finish the same journaled set',
    async () => {
      const { bucket, expected, asked, row } = await renameUnderWay('pnlpause')
      expect(await main.dispatch('transfers:pause-all', {})).toMatchObject({ ok: true })
      const answer = await asked
      expect(answer).toMatchObject({ ok: true, value: { errors: [{ code: 'paused' }] } })
      const paused = (await rowOf(label))!
      expect(paused).toMatchObject({ id: row.id, state: 'paused' })
      const { moved } = await eachObjectOnce(s3, bucket, 'photos/', 'archive/photos/', expected)
      expect(moved).toBeLessThan(COUNT)
      expect(paused.set.objectsDone).toBe(moved)
      expect(await openUploads(s3, bucket)).toEqual([])
      // Let go of while the app lives on: `ferry resume --all` takes the set up and finishes it.
      const cli = await runFerry(['resume', '--all'], cliStateEnv(stateDir))
      expect(cli.stderr).toBe('')
      expect(cli.code).toBe(0)
      await expectObjects(s3, bucket, 'archive/photos/', expected)
      // The app's Resume then finds it done.
      expect(await main.dispatch('transfers:resume-all', {})).toEqual({ ok: true, value: { count: 1 } })
      await waitUntil('the move done', async () => (await rowOf(label))?.state === 'done', SLOW)
      expect((await rowOf(label))!.set).toMatchObject({
        objectsDone: COUNT,
        objectsTotal: COUNT,
        listed: true,
      })
      await expectObjects(s3, bucket, 'archive/photos/', expected)
      expect(await keysUnder(s3, bucket, 'photos/')).toEqual([])
    },
    SLOW,
  )

  it(
    'Cancel all stops a move: each object at its source or its target, whole, none at both, nothing left open',
    async () => {
      const { bucket, expected, before, asked } = await renameUnderWay('pnlcancel')
      // Cancel all, as the panel's header asks it: the one row not finished is this move.
      expect(await main.dispatch('transfers:cancel-all', {})).toEqual({ ok: true, value: { count: 1 } })
      const answer = await asked
      expect(answer).toMatchObject({ ok: true, value: { errors: [{ code: 'cancelled' }] } })
      await waitUntil('the row cancelled', async () => (await rowOf(label))?.state === 'cancelled', SLOW)
      const { moved, left } = await eachObjectOnce(s3, bucket, 'photos/', 'archive/photos/', expected)
      expect(moved).toBeGreaterThan(0)
      expect(left).toBeGreaterThan(0)
      expect(await openUploads(s3, bucket)).toEqual([])
      // Forgotten as ferry cancel forgets a set: its journal is gone.
      expect(journals()).toHaveLength(before)
      // The same rename again moves the rest.
      expect(await rename(bucket, 'photos/', 'archive/photos/')).toMatchObject({
        ok: true,
        value: { moved: left, failed: 0 },
      })
      await expectObjects(s3, bucket, 'archive/photos/', expected)
    },
    SLOW,
  )

  it(
    'cancels a paste into another connection mid-stream: no multipart upload left open',
    async () => {
      await clearFinished()
      const otherId = await saveTestConnection(main, 'rgw-other')
      const bucket = await freshBucket(s3, 'pnlx')
      const toBucket = await freshBucket(s3, 'pnlxto')
      const expected = new Map<string, Buffer>()
      for (let i = 0; i < 6; i++) {
        const body = randomBytes(24 * MiB + i)
        expected.set(`big-${i}.bin`, body)
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `big/big-${i}.bin`, Body: body }))
      }
      const asked = main.dispatch('objects:move', {
        connectionId,
        bucket,
        moves: [{ source: 'big/', target: 'in/big/' }],
        to: { connectionId: otherId, bucket: toBucket },
      })
      const label = `big/ → ${toBucket}/in/big/`
      await waitUntil(
        'a stream under way',
        async () =>
          (await main.core.transfers.list()).some((t) => t.state === 'uploading' && t.bytesDone > 0),
        SLOW,
      )
      const row = (await rowOf(label))!
      expect(row.state).toBe('moving')
      expect(await main.dispatch('transfers:cancel', { id: row.id })).toMatchObject({ ok: true })
      await asked
      await waitUntil('the row cancelled', async () => (await rowOf(label))?.state === 'cancelled', SLOW)
      expect(await openUploads(s3, toBucket)).toEqual([])
      // The streams under way were cancelled, not waited for: some objects never left.
      const { left } = await eachObjectOnce(s3, bucket, 'big/', 'in/big/', expected, toBucket)
      expect(left).toBeGreaterThan(0)
    },
    SLOW,
  )
})
