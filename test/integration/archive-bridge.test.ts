// The app's side of archived objects and pins, through the bridge's real handlers: the
// inspector's HEAD carries the archive state, Restore… starts a restore and then reports it
// in progress (against the stub, which answers as AWS documents); pins are kept, deduplicated
// and refused when they name no folder.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import { createS3Client } from '../../src/main/s3/client-factory'
import type { ConnectionSummary } from '../../src/shared/domain/connection'
import { startStub, type StubServer } from '../support/stub-s3'

const enginePath = resolve(import.meta.dirname, '../../out/main/engine.js')
const bucket = 'archive-bridge'
let stateDir: string
let main: HeadlessMain
let stub: StubServer
let connection: ConnectionSummary

beforeAll(async () => {
  stub = await startStub(['--restore-ms', '60000'])
  stateDir = mkdtempSync(join(tmpdir(), 'ferry-archive-bridge-'))
  main = createHeadlessMain({ stateDir, enginePath })
  const saved = await main.dispatch('connections:save', {
    name: 'stub',
    endpoint: stub.endpoint,
    region: 'us-east-1',
    pathStyle: true,
    accessKeyId: 'STUBACCESSKEY',
    secretAccessKey: 'stub-secret',
  })
  if (!saved.ok) throw new Error(saved.error.message)
  connection = saved.value as ConnectionSummary
  const client = createS3Client(stub.connection)
  await client.send(new CreateBucketCommand({ Bucket: bucket }))
  await client.send(
    new PutObjectCommand({ Bucket: bucket, Key: 'old.tar', Body: 'old', StorageClass: 'DEEP_ARCHIVE' }),
  )
  client.destroy()
})

afterAll(async () => {
  await main?.close()
  await stub?.stop()
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
