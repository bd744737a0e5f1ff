// The app as the daemon (through the headless host, the app's main side without Electron):
// `ferry send` queues into the app's own transfer manager, so the job shows in its transfers
// panel and the object lands in radosgw; when a standalone `ferry daemon` already serves the
// state folder, the app says so and leaves it alone, and a daemon started after the app
// is refused with a message naming the app.
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import type { TransferSummary } from '../../src/shared/domain/transfer'
import { freshBucket, testClient } from '../support/s3'
import { daemonEnv, ferry, readTimings, startDaemon } from './daemon-support'
import { enginePath, readObject, tempDir, waitUntil } from './upload-support'

describe('the app serves ferry send', () => {
  const s3 = testClient()
  const tmp = tempDir('dapp')
  let bucket = ''

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'dapp')
  })
  afterAll(() => tmp.cleanup())

  const fileOf = (name: string, size: number) => {
    const path = join(tmp.dir, name)
    const bytes = randomBytes(size)
    writeFileSync(path, bytes)
    return { path, bytes }
  }

  it('queues a sent file into the app: it shows in the transfers panel and lands in the store', async () => {
    const stateDir = join(tmp.dir, 'app-state')
    const env = daemonEnv(stateDir)
    const main: HeadlessMain = createHeadlessMain({ stateDir, enginePath, serveDaemon: true, env })
    try {
      const status = (await main.daemon!).status
      expect(status).toMatchObject({ kind: 'serving', socket: join(stateDir, 'daemon', 'ferry.sock') })
      const seen: TransferSummary[] = []
      main.subscribe('transfers:changed', (batch) => seen.push(...batch))

      const { path, bytes } = fileOf('from a script.bin', 3 * 1024 * 1024 + 17)
      const sent = await ferry(['send', path, `s3://${bucket}/sent/from a script.bin`], env)
      expect(sent).toMatchObject({ code: 0, stdout: '', stderr: '' })

      const inApp = (await main.core.transfers.list()).find((t) => t.key === 'sent/from a script.bin')
      expect(inApp).toMatchObject({ state: 'done', source: path, bucket, size: bytes.length })
      const listed = await main.dispatch('transfers:list', undefined)
      expect(listed.ok).toBe(true)
      expect((listed as { ok: true; value: TransferSummary[] }).value.map((t) => t.id)).toContain(inApp!.id)
      // The panel hears of it through the same change events as the app's own uploads.
      await waitUntil('the panel hears the job is done', () =>
        seen.some((t) => t.id === inApp!.id && t.state === 'done'),
      )
      expect((await readObject(s3, bucket, 'sent/from a script.bin')).equals(bytes)).toBe(true)
      expect(readTimings(stateDir).find((t) => t.transferId === inApp!.id)).toMatchObject({ result: 'done' })

      // While the app serves the folder, a standalone daemon is refused and says why.
      const second = await ferry(['daemon'], env)
      expect(second.code).toBe(1)
      expect(second.stderr).toMatch(/^ferry: the Ferry app already runs for this state folder \(pid \d+/)
    } finally {
      await main.close()
    }
  })

  it('leaves the socket to a ferry daemon that already runs, and says so', async () => {
    const stateDir = join(tmp.dir, 'daemon-state')
    const env = daemonEnv(stateDir)
    const daemon = await startDaemon(env)
    const main = createHeadlessMain({ stateDir, enginePath, serveDaemon: true, env })
    try {
      const status = (await main.daemon!).status
      expect(status.kind).toBe('elsewhere')
      expect(main.desktop.notifications).toEqual([
        expect.objectContaining({ title: 'ferry send goes to ferry daemon' }),
      ])
      const { path, bytes } = fileOf('to the daemon.bin', 4096)
      const sent = await ferry(['send', path, `s3://${bucket}/daemon/x.bin`], env)
      expect(sent.code).toBe(0)
      expect(readTimings(stateDir).map((t) => t.key)).toContain('daemon/x.bin')
      expect((await readObject(s3, bucket, 'daemon/x.bin')).equals(bytes)).toBe(true)
    } finally {
      await main.close()
      expect(await daemon.stop()).toBe(0)
    }
  })
})
