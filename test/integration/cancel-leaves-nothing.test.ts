// A cancel leaves nothing behind, whatever the upload was doing: paused (even with the pause
// still on its way), left resumable by an earlier run of the app, or out of reach. Driven
// through the app's bridge (the real main-side handlers and the engine process); checked on
// radosgw (ListMultipartUploads, HeadObject) and in the state folder (no journal left).
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { partialPathOf } from '../../src/main/journal/download-journal'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import type { ConnectionSummary } from '../../src/shared/domain/connection'
import type { TransferSummary } from '../../src/shared/domain/transfer'
import { freshBucket, testClient, testConnection } from '../support/s3'
import {
  enginePath,
  journaledParts,
  MiB,
  openUploads,
  switchableRelay,
  tempDir,
  waitUntil,
  writeRandomFile,
} from './upload-support'
import { bridgeCalls } from './bridge-calls'

describe('a cancel leaves nothing behind', () => {
  const s3 = testClient()
  const tmp = tempDir('cancelnothing')
  const stateDir = join(tmp.dir, 'state')
  let main: HeadlessMain
  let bucket: string
  let relay: Awaited<ReturnType<typeof switchableRelay>>
  let connection: Record<string, unknown>
  let connectionId: string

  const { call, summaryOf, waitForState } = bridgeCalls(() => main)
  const journalOf = (id: string) => join(stateDir, 'transfers', `${id}.journal`)
  const openMain = async () => {
    main = createHeadlessMain({ stateDir, enginePath })
    // This host keeps secrets for a session only: each start saves the connection again.
    const saved = await call<ConnectionSummary>('connections:save', {
      ...connection,
      ...(connectionId ? { id: connectionId } : {}),
    })
    connectionId = saved.id
    // 5 MiB parts, two at a time, 4 MiB/s: slow enough to pause between parts.
    await call('settings:save', { partSize: 5 * MiB, concurrency: 2, maxBytesPerSecond: 4 * MiB })
  }

  /** Starts a 40 MiB upload (8 parts) and waits until two parts are stored. */
  const startUpload = async (key: string): Promise<string> => {
    const path = join(tmp.dir, key)
    writeRandomFile(path, 40 * MiB)
    const [t] = await call<TransferSummary[]>('transfers:upload', {
      connectionId,
      bucket,
      prefix: '',
      paths: [path],
    })
    const id = t!.id
    await waitUntil('two parts are stored', () => journaledParts(journalOf(id)).length >= 2)
    expect((await openUploads(s3, bucket)).filter((u) => u.key === key)).toHaveLength(1)
    return id
  }

  /** Nothing of the upload is left: no open upload for the key, no object, no journal. */
  const expectNothingLeft = async (id: string, key: string) => {
    expect((await openUploads(s3, bucket)).filter((u) => u.key === key)).toEqual([])
    await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).rejects.toMatchObject({
      name: 'NotFound',
    })
    expect(existsSync(journalOf(id))).toBe(false)
  }

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'cancelnothing')
    relay = await switchableRelay()
    const c = testConnection()
    connection = {
      name: 'rgw',
      endpoint: relay.endpoint,
      region: c.region,
      pathStyle: true,
      accessKeyId: c.credentials!.accessKeyId,
      secretAccessKey: c.credentials!.secretAccessKey,
    }
    connectionId = ''
    await openMain()
  })
  afterAll(async () => {
    await main.close()
    await relay.down().catch(() => undefined)
    tmp.cleanup()
  })

  it('pause, then cancel at once (the pause still on its way): cancelled, upload aborted', async () => {
    const id = await startUpload('pause-then-cancel.bin')
    await call('transfers:pause', { id })
    await call('transfers:cancel', { id })
    expect((await waitForState(id, ['cancelled', 'paused', 'failed', 'done'])).state).toBe('cancelled')
    await expectNothingLeft(id, 'pause-then-cancel.bin')
  })

  it('paused, then cancelled: upload aborted and journal deleted', async () => {
    const id = await startUpload('paused.bin')
    await call('transfers:pause', { id })
    expect((await waitForState(id, ['paused', 'failed', 'done'])).state).toBe('paused')
    await call('transfers:cancel', { id })
    expect((await waitForState(id, ['cancelled', 'failed'])).state).toBe('cancelled')
    await expectNothingLeft(id, 'paused.bin')
  })

  it('left resumable by an earlier run of the app, cancelled after the restart', async () => {
    const id = await startUpload('restarted.bin')
    await call('transfers:pause', { id })
    await waitForState(id, ['paused'])
    await main.close()
    await openMain()
    expect((await summaryOf(id))?.state).toBe('paused')
    await call('transfers:cancel', { id })
    expect((await waitForState(id, ['cancelled', 'failed'])).state).toBe('cancelled')
    await expectNothingLeft(id, 'restarted.bin')
    // Nothing of it comes back at the next start either.
    await main.close()
    await openMain()
    expect(await summaryOf(id)).toBeUndefined()
  })

  it('a cancel that cannot reach the store says so and keeps the upload id; cancelling again once it is back aborts it', async () => {
    const id = await startUpload('unreachable.bin')
    await call('transfers:pause', { id })
    await waitForState(id, ['paused'])
    const uploadId = JSON.parse(
      readFileSync(journalOf(id), 'utf8')
        .trim()
        .split('\n')
        .find((l) => l.includes('"uploadId"'))!,
    ).uploadId as string
    await relay.down()
    await call('transfers:cancel', { id })
    const failed = await waitForState(id, ['failed', 'cancelled'])
    expect(failed.state).toBe('failed')
    expect(failed.error?.message).toMatch(/^the cancel of s3:\/\/[^ ]+\/unreachable\.bin did not finish: /)
    expect(failed.error?.fix).toMatch(
      /cancel it again: Ferry keeps its journal, with the multipart upload id/,
    )
    expect(readFileSync(journalOf(id), 'utf8')).toContain(uploadId)
    expect(readFileSync(journalOf(id), 'utf8')).not.toContain('"t":"final"')
    expect(await openUploads(s3, bucket)).toContainEqual({ key: 'unreachable.bin', uploadId })

    await relay.up()
    await call('transfers:cancel', { id })
    // Failed until this cancel's answer: only cancelled ends the wait.
    await waitForState(id, ['cancelled'])
    await expectNothingLeft(id, 'unreachable.bin')
  })

  it('a cancel that did not finish is never resumed, by Resume all or the next start: the start cancels it again', async () => {
    const id = await startUpload('cancel-at-start.bin')
    await call('transfers:pause', { id })
    await waitForState(id, ['paused'])
    await relay.down()
    await call('transfers:cancel', { id })
    expect((await waitForState(id, ['failed', 'cancelled'])).state).toBe('failed')
    await call('transfers:resume-all', {})
    await new Promise((r) => setTimeout(r, 1000))
    expect((await summaryOf(id))?.state).toBe('failed')

    await main.close()
    await relay.up()
    await openMain()
    const listed = await summaryOf(id)
    expect(listed?.state).toBe('failed')
    expect(listed?.error?.message).toMatch(/^the cancel of s3:\/\/[^ ]+\/cancel-at-start\.bin did not finish/)
    // What the app runs at its start when it resumes unfinished transfers.
    const started = await main.core.transfers.resumeUnfinished()
    expect(started.resumed).not.toContain(id)
    await waitForState(id, ['cancelled'])
    await expectNothingLeft(id, 'cancel-at-start.bin')
  })

  it('failed for the network and waiting to resume: a cancel that cannot reach the store leaves it failed, never resumed by itself', async () => {
    const id = await startUpload('network-down.bin')
    await relay.down()
    const waiting = await waitForState(id, ['waiting-network', 'failed'])
    expect(waiting.state).toBe('waiting-network')
    await call('transfers:cancel', { id })
    const failed = await waitForState(id, ['failed', 'cancelled'])
    expect(failed.error?.message).toMatch(/^the cancel of s3:\/\/[^ ]+\/network-down\.bin did not finish: /)
    const parts = journaledParts(journalOf(id)).length
    // The store is back: nothing resumes the upload the person cancelled.
    await relay.up()
    await new Promise((r) => setTimeout(r, 3000))
    expect((await summaryOf(id))?.state).toBe('failed')
    expect(journaledParts(journalOf(id))).toHaveLength(parts)

    await call('transfers:cancel', { id })
    await waitForState(id, ['cancelled'])
    await expectNothingLeft(id, 'network-down.bin')
  })

  it('a download paused, then cancelled (at once, and once paused), leaves no partial file or journal', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big.bin', Body: randomBytes(24 * MiB) }))
    for (const when of ['at once', 'once paused']) {
      const folder = join(tmp.dir, `download ${when}`)
      mkdirSync(folder)
      main.desktop.answerFolderPick(folder)
      const [started] = await call<TransferSummary[]>('objects:download', {
        connectionId,
        bucket,
        keys: ['big.bin'],
      })
      const id = started!.id
      const target = join(folder, 'big.bin')
      let arrived = 0
      await waitUntil('some bytes arrived', () => {
        void summaryOf(id).then((s) => (arrived = s?.bytesDone ?? 0))
        return arrived >= 4 * MiB
      })
      expect(existsSync(partialPathOf(target))).toBe(true)
      await call('transfers:pause', { id })
      if (when === 'once paused')
        expect((await waitForState(id, ['paused', 'failed', 'done'])).state).toBe('paused')
      await call('transfers:cancel', { id })
      // Paused until the cancel lands: only cancelled ends the wait.
      await waitForState(id, ['cancelled'])
      expect(readdirSync(folder), when).toEqual([])
    }
  })
})
