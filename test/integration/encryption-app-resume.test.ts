// An SSE-C upload started in the app with the upload sheet's key file, paused, and resumed,
// through the bridge's real handlers. In the same session the key is still in memory; after the
// app restarts it is nowhere (never in a journal or settings file), so a resume fails plainly,
// naming the missing key, and leaves the stored parts; once the connection names the key file,
// the resume reuses them and finishes an object only that key opens.
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { GetObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import type { ConnectionSummary } from '../../src/shared/domain/connection'
import type { TransferSummary } from '../../src/shared/domain/transfer'
import { ssecParams } from '../support/encryption'
import { freshBucket, testClient, testConnection } from '../support/s3'
import {
  enginePath,
  journaledParts,
  MiB,
  openUploads,
  tempDir,
  waitUntil,
  writeRandomFile,
} from './upload-support'

describe('an SSE-C upload resumed in the app', () => {
  const s3 = testClient()
  const tmp = tempDir('encappresume')
  const stateDir = join(tmp.dir, 'state')
  const key = randomBytes(32)
  const keyPath = join(tmp.dir, 'key.bin')
  const otherKeyPath = join(tmp.dir, 'other.bin')
  let main: HeadlessMain

  const call = async <T>(channel: string, payload: unknown): Promise<T> => {
    const answer = await main.dispatch(channel, payload)
    if (!answer.ok) throw new Error(`${channel}: ${answer.error.message} (${answer.error.code})`)
    return answer.value as T
  }
  const summaryOf = async (id: string) =>
    (await call<TransferSummary[]>('transfers:list', {})).find((t) => t.id === id)
  const waitForState = async (id: string, states: string[]) => {
    let last: TransferSummary | undefined
    await waitUntil(
      `upload ${id} reaches ${states.join(' or ')}`,
      () => {
        void summaryOf(id).then((s) => (last = s))
        return last !== undefined && states.includes(last.state)
      },
      60_000,
    )
    return last!
  }
  const journalOf = (id: string) => join(stateDir, 'transfers', `${id}.journal`)

  beforeAll(() => {
    writeFileSync(keyPath, key)
    writeFileSync(otherKeyPath, randomBytes(32))
    main = createHeadlessMain({ stateDir, enginePath })
  })
  afterAll(async () => {
    await main.close()
    tmp.cleanup()
  })

  it('resumes with the key in memory, and after a restart only once the connection names it', async () => {
    const bucket = await freshBucket(s3, 'encappresume')
    const path = join(tmp.dir, 'data.bin')
    const bytes = writeRandomFile(path, 40 * MiB)
    const c = testConnection()
    const connection = {
      name: 'store',
      endpoint: c.endpoint,
      region: c.region,
      pathStyle: true,
      accessKeyId: c.credentials!.accessKeyId,
      secretAccessKey: c.credentials!.secretAccessKey,
    }
    const saved = await call<ConnectionSummary>('connections:save', connection)
    // Slow enough to pause between parts: 5 MiB parts, two at a time, 4 MiB/s.
    await call('settings:save', { partSize: 5 * MiB, concurrency: 2, maxBytesPerSecond: 4 * MiB })

    const [t] = await call<TransferSummary[]>('transfers:upload', {
      connectionId: saved.id,
      bucket,
      prefix: '',
      paths: [path],
      customerKeyFile: keyPath,
    })
    const id = t!.id
    await waitUntil('two parts are journaled', () => {
      try {
        return journaledParts(journalOf(id)).length >= 2
      } catch {
        return false // Not created yet.
      }
    })
    await call('transfers:pause', { id })
    await waitForState(id, ['paused'])
    // Same session: the sheet's key is still in memory, so the resume runs on.
    await call('transfers:resume', { id })
    const partsBefore = journaledParts(journalOf(id)).length
    await waitUntil('another part is journaled', () => journaledParts(journalOf(id)).length > partsBefore)
    await call('transfers:pause', { id })
    await waitForState(id, ['paused'])
    const [upload] = await openUploads(s3, bucket)
    expect(upload?.key).toBe('data.bin')

    // The app quits and starts again: the key is gone with the process.
    await main.close()
    main = createHeadlessMain({ stateDir, enginePath })
    expect((await summaryOf(id))?.state).toBe('paused')
    // This host keeps secrets for a session only: the secret key is given again (not the SSE-C key).
    await call('connections:save', { ...connection, id: saved.id })

    // No key anywhere: the resume fails naming it and how to give it; the parts stay stored.
    await call('transfers:resume', { id })
    const keyless = await waitForState(id, ['failed', 'done'])
    expect(keyless.state).toBe('failed')
    expect(keyless.error?.code).toBe('customer-key-needed')
    expect(keyless.error?.message).toMatch(
      /encrypted with a customer key \(SSE-C\), which Ferry never stores/,
    )
    expect(keyless.error?.fix).toMatch(/in the app, the SSE-C key file/)
    expect(await openUploads(s3, bucket)).toEqual([upload])

    // The connection names a key file that is gone by the time of the resume: the resume says
    // which file and why it could not be read, not that no key was given; nothing is sent.
    const gonePath = join(tmp.dir, 'gone.bin')
    writeFileSync(gonePath, key)
    await call('connections:save', {
      ...connection,
      id: saved.id,
      encryption: { kind: 'sse-c', keyFile: gonePath },
    })
    rmSync(gonePath)
    const unreadable = await main.dispatch('transfers:resume', { id })
    expect(unreadable.ok).toBe(false)
    if (!unreadable.ok) {
      expect(unreadable.error.message).toBe(
        `connection "store": cannot read the SSE-C key file ${gonePath} (ENOENT: no such file or directory)`,
      )
      expect(unreadable.error.fix).toBe(
        `Make ${gonePath} readable by you (it must hold exactly 32 bytes), or edit the connection "store" to name the right SSE-C key file.`,
      )
    }
    expect((await summaryOf(id))?.error?.code).toBe('customer-key-needed')
    expect(await openUploads(s3, bucket)).toEqual([upload])

    // The connection names another key: refused the same way, before anything is sent.
    const other = await call<ConnectionSummary>('connections:save', {
      ...connection,
      id: saved.id,
      encryption: { kind: 'sse-c', keyFile: otherKeyPath },
    })
    expect(other.id).toBe(saved.id)
    await call('transfers:resume', { id })
    let wrong: TransferSummary | undefined
    await waitUntil('the resume with another key fails', () => {
      void summaryOf(id).then((s) => (wrong = s))
      return wrong?.state === 'failed' && wrong.error?.message.includes('not the one') === true
    })
    expect(wrong!.error?.code).toBe('customer-key-needed')
    expect(await openUploads(s3, bucket)).toEqual([upload])

    // With the right key file the resume reuses the stored parts and finishes.
    await call('connections:save', {
      ...connection,
      id: saved.id,
      encryption: { kind: 'sse-c', keyFile: keyPath },
    })
    await call('settings:save', { maxBytesPerSecond: 0 })
    await call('transfers:resume', { id })
    const done = (await main.core.transfers.waitFor(id)).summary
    expect(done.state).toBe('done')
    expect(done.verification?.verified).toBe(true)
    expect(done.partsReused).toBeGreaterThanOrEqual(3)
    expect(await openUploads(s3, bucket)).toEqual([])
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'data.bin', ...ssecParams(key) }))
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bytes)).toBe(true)
    await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'data.bin' }))).rejects.toThrow()

    // The key in any form is in no file of the state folder (the settings hold the path only).
    for (const f of readdirSync(stateDir, { recursive: true, withFileTypes: true })) {
      if (!f.isFile()) continue
      const content = readFileSync(join(f.parentPath, f.name))
      expect(content.includes(key), f.name).toBe(false)
      expect(content.includes(key.toString('base64')), f.name).toBe(false)
    }
  })
})
