// The app's side of archived objects and pins, through the bridge's real handlers: the
// inspector's HEAD carries the archive state, Restore… starts a restore and then reports it
// in progress (against the stub, which answers as AWS documents); a download of an archived
// object fails as archived, writing nothing, and the same transfer retried after the restore
// ends verified; pins are kept, deduplicated and refused when they name no folder.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import { createS3Client } from '../../src/main/s3/client-factory'
import type { ConnectionSummary } from '../../src/shared/domain/connection'
import type { TransferSummary } from '../../src/shared/domain/transfer'
import { startStub, type StubServer } from '../support/stub-s3'
import { waitUntil } from './upload-support'

const enginePath = resolve(import.meta.dirname, '../../out/main/engine.js')
const bucket = 'archive-bridge'
let stateDir: string
let main: HeadlessMain
let stub: StubServer
let connection: ConnectionSummary
/** A second stub whose restores complete in a moment, for the download retried after one. */
let quickStub: StubServer
let quick: ConnectionSummary
const QUICK_RESTORE_MS = 1500

async function connect(name: string, server: StubServer): Promise<ConnectionSummary> {
  const saved = await main.dispatch('connections:save', {
    name,
    endpoint: server.endpoint,
    region: 'us-east-1',
    pathStyle: true,
    accessKeyId: 'STUBACCESSKEY',
    secretAccessKey: 'stub-secret',
  })
  if (!saved.ok) throw new Error(saved.error.message)
  return saved.value as ConnectionSummary
}

async function put(server: StubServer, Key: string, Body: string, StorageClass: 'DEEP_ARCHIVE' | 'GLACIER') {
  const client = createS3Client(server.connection)
  await client.send(new CreateBucketCommand({ Bucket: bucket })).catch(() => undefined)
  await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body, StorageClass }))
  client.destroy()
}

beforeAll(async () => {
  stub = await startStub(['--restore-ms', '60000'])
  quickStub = await startStub(['--restore-ms', String(QUICK_RESTORE_MS)])
  stateDir = mkdtempSync(join(tmpdir(), 'ferry-archive-bridge-'))
  main = createHeadlessMain({ stateDir, enginePath })
  connection = await connect('stub', stub)
  quick = await connect('quick stub', quickStub)
  await put(stub, 'old.tar', 'old', 'DEEP_ARCHIVE')
  await put(quickStub, 'cold.bin', 'cold bytes, restored at last', 'GLACIER')
})

afterAll(async () => {
  await main?.close()
  await stub?.stop()
  await quickStub?.stop()
  rmSync(stateDir, { recursive: true, force: true })
})

describe('archived objects through the bridge', () => {
  it('HEAD carries the archive state; a restore starts, then is reported in progress', async () => {
    const ref = { connectionId: connection.id, bucket, key: 'old.tar' }
    const head = await main.dispatch('objects:head', ref)
    expect(head).toMatchObject({
      ok: true,
      value: { storageClass: 'DEEP_ARCHIVE', archive: { kind: 'archived' } },
    })
    const started = await main.dispatch('objects:restore-archived', { ...ref, days: 3, tier: 'Bulk' })
    expect(started).toEqual({ ok: true, value: { status: 'started' } })
    expect(await main.dispatch('objects:head', ref)).toMatchObject({
      value: { archive: { kind: 'restoring' } },
    })
    expect(await main.dispatch('objects:restore-archived', { ...ref, days: 3 })).toEqual({
      ok: true,
      value: { status: 'in-progress' },
    })
    // S3 refuses Expedited for DEEP_ARCHIVE; days out of range never reach it.
    const zero = await main.dispatch('objects:restore-archived', { ...ref, days: 0 })
    expect(zero.ok).toBe(false)
  })
})

describe('a download of an archived object', () => {
  const summaryOf = async (id: string) => {
    const listed = await main.dispatch('transfers:list', {})
    if (!listed.ok) throw new Error(listed.error.message)
    return (listed.value as TransferSummary[]).find((t) => t.id === id)
  }
  const waitForState = async (id: string, states: string[]) => {
    let last: TransferSummary | undefined
    await waitUntil(`download ${id} reaches ${states.join(' or ')}`, () => {
      void summaryOf(id).then((s) => (last = s))
      return last !== undefined && states.includes(last.state)
    })
    return last!
  }

  it('fails as archived with nothing written; retried after the restore, it ends verified', async () => {
    const folder = join(stateDir, 'downloads')
    mkdirSync(folder)
    const ref = { connectionId: quick.id, bucket, key: 'cold.bin' }
    main.desktop.answerFolderPick(folder)
    const started = await main.dispatch('objects:download', {
      connectionId: quick.id,
      bucket,
      keys: ['cold.bin'],
    })
    if (!started.ok) throw new Error(started.error.message)
    const id = (started.value as TransferSummary[])[0]!.id
    const failed = await waitForState(id, ['failed', 'done'])
    // The code is what the transfer row reads to offer Restore….
    expect(failed.error).toMatchObject({
      code: 'object-archived',
      message: `s3://${bucket}/cold.bin is archived and must be restored before it can be read`,
      fix: expect.stringContaining('Restore… in the app'),
    })
    expect(readdirSync(folder, { recursive: true })).toEqual([])

    expect(await main.dispatch('objects:restore-archived', { ...ref, days: 1 })).toEqual({
      ok: true,
      value: { status: 'started' },
    })
    await expect
      .poll(
        async () => {
          const head = await main.dispatch('objects:head', ref)
          return head.ok ? (head.value as { archive?: { kind: string } }).archive?.kind : head.error.code
        },
        { timeout: QUICK_RESTORE_MS * 10, interval: 250 },
      )
      .toBe('restored')

    expect((await main.dispatch('transfers:resume', { id })).ok).toBe(true)
    const done = await waitForState(id, ['done', 'failed'])
    expect(done.error).toBeUndefined()
    expect(done.state).toBe('done')
    expect(done.verification?.verified).toBe(true)
    expect(readFileSync(join(folder, 'cold.bin'), 'utf8')).toBe('cold bytes, restored at last')
  })
})

describe('pins', () => {
  it('are kept once each, refused for a non-folder, and dropped when removed', async () => {
    const pin = { connectionId: connection.id, bucket, prefix: 'a/' }
    expect(await main.dispatch('pins:add', pin)).toEqual({ ok: true, value: [pin] })
    expect(await main.dispatch('pins:add', pin)).toEqual({ ok: true, value: [pin] })
    const notFolder = await main.dispatch('pins:add', { ...pin, prefix: 'a/file.txt' })
    expect(notFolder).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: '"a/file.txt" is not a folder' },
    })
    const unknown = await main.dispatch('pins:list', {})
    expect(unknown).toEqual({ ok: true, value: [pin] })
    expect(await main.dispatch('pins:remove', pin)).toEqual({ ok: true, value: [] })
  })
})
