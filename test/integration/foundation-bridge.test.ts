// The bridge end to end in Node: the real handlers, the real core, the real S3 server.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import { childProcessEngine } from '../../src/main/core/node-adapters/child-engine'
import type { ConnectionSummary } from '../../src/shared/domain/connection'
import type { ListObjectsPage } from '../../src/shared/domain/objects'
import type { EngineToMain } from '../../src/shared/engine-protocol'
import { freshBucket, testClient, testConnection } from '../support/s3'

const enginePath = resolve(import.meta.dirname, '../../out/main/engine.js')

describe('bridge handlers against the S3 server', () => {
  let stateDir: string
  let main: HeadlessMain
  let connection: ConnectionSummary
  let bucket: string

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'ferry-bridge-'))
    main = createHeadlessMain({ stateDir, enginePath })
    const conn = testConnection()
    const saved = await main.dispatch('connections:save', {
      name: 'local',
      endpoint: conn.endpoint,
      region: conn.region,
      pathStyle: true,
      accessKeyId: conn.credentials!.accessKeyId,
      secretAccessKey: conn.credentials!.secretAccessKey,
    })
    if (!saved.ok) throw new Error(saved.error.message)
    connection = saved.value as ConnectionSummary
    bucket = await freshBucket(testClient(), 'bridge')
    const s3 = testClient()
    for (const key of ['a.txt', 'docs/b.txt', 'docs/c.txt', 'photos/2026/d.jpg']) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}` }))
    }
  })

  afterAll(async () => {
    await main.close()
    rmSync(stateDir, { recursive: true, force: true })
  })

  it('never hands a secret to the renderer', async () => {
    const listed = await main.dispatch('connections:list', {})
    expect(listed.ok).toBe(true)
    const text = JSON.stringify(listed)
    expect(text).toContain('"hasSecret":true')
    expect(text).not.toContain(testConnection().credentials!.secretAccessKey)
  })

  it('lists buckets and a folder view with prefixes as folders', async () => {
    const buckets = await main.dispatch('buckets:list', { connectionId: connection.id })
    if (!buckets.ok) throw new Error(buckets.error.message)
    expect((buckets.value as { name: string }[]).map((b) => b.name)).toContain(bucket)

    const root = await main.dispatch('objects:list', { connectionId: connection.id, bucket, prefix: '' })
    if (!root.ok) throw new Error(root.error.message)
    const entries = (root.value as ListObjectsPage).entries
    expect(entries).toEqual([
      { kind: 'prefix', prefix: 'docs/' },
      { kind: 'prefix', prefix: 'photos/' },
      expect.objectContaining({ kind: 'object', key: 'a.txt', size: 'body of a.txt'.length }),
    ])
    const docs = await main.dispatch('objects:list', { connectionId: connection.id, bucket, prefix: 'docs/' })
    if (!docs.ok) throw new Error(docs.error.message)
    expect(
      (docs.value as ListObjectsPage).entries.map((e) => (e.kind === 'object' ? e.key : e.prefix)),
    ).toEqual(['docs/b.txt', 'docs/c.txt'])
  })

  it('answers a malformed payload with a typed error and keeps serving', async () => {
    const bad = await main.dispatch('objects:list', { connectionId: connection.id, bucket: 7 })
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-input' } })
    if (!bad.ok) expect(bad.error.fix.length).toBeGreaterThan(0)
    const unknown = await main.dispatch('shell:exec', { cmd: 'rm -rf /' })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'bad-input' } })
    const good = await main.dispatch('objects:head', { connectionId: connection.id, bucket, key: 'a.txt' })
    expect(good).toMatchObject({ ok: true, value: { key: 'a.txt', size: 13 } })
  })

  it('names a missing bucket and a wrong secret precisely', async () => {
    const missing = await main.dispatch('objects:list', {
      connectionId: connection.id,
      bucket: 'no-such-bucket-ferry',
      prefix: '',
    })
    expect(missing).toMatchObject({ ok: false, error: { code: 'bucket-missing' } })

    const conn = testConnection()
    const wrong = await main.dispatch('connections:save', {
      name: 'wrong secret',
      endpoint: conn.endpoint,
      pathStyle: true,
      accessKeyId: conn.credentials!.accessKeyId,
      secretAccessKey: 'not-the-secret',
    })
    if (!wrong.ok) throw new Error(wrong.error.message)
    const tested = await main.dispatch('connections:test', {
      connectionId: (wrong.value as ConnectionSummary).id,
    })
    expect(tested).toMatchObject({ ok: false, error: { code: 'invalid-credentials' } })
  })
})

describe('S3 client against a non-AWS endpoint', () => {
  it('stores a streamed body byte for byte (no aws-chunked framing)', async () => {
    const s3 = testClient()
    const bucket = await freshBucket(s3, 'stream')
    const bytes = Buffer.alloc(300_000)
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) & 0xff
    const chunks = [bytes.subarray(0, 100_000), bytes.subarray(100_000, 250_000), bytes.subarray(250_000)]
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'streamed.bin',
        Body: Readable.from(chunks),
        ContentLength: bytes.length,
      }),
    )
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'streamed.bin' }))
    const stored = Buffer.from(await got.Body!.transformToByteArray())
    expect(stored.length).toBe(bytes.length)
    expect(stored.equals(bytes)).toBe(true)
  })
})

describe('engine host under Node', () => {
  it('forks the built engine entry and hears it report ready', async () => {
    const engine = childProcessEngine(enginePath)()
    const ready = await new Promise<EngineToMain>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error('engine did not report ready within 10 s')), 10_000)
      engine.onMessage((m) => {
        if (m.type === 'ready') {
          clearTimeout(timer)
          resolvePromise(m)
        }
      })
    })
    expect(ready).toMatchObject({ type: 'ready', pid: engine.pid })
    const exited = new Promise<number | null>((r) => engine.onExit(r))
    engine.send({ type: 'shutdown' })
    expect(await exited).toBe(0)
  })
})
