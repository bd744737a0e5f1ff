// Downloads the app starts run in the engine process, like uploads: main keeps their queue and
// summaries only. Shown here through the bridge of the headless main: a download paused half way
// resumes from its partial file and ends verified, and killing the engine process (not main)
// is what stops a running download.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import type { ConnectionSummary } from '../../src/shared/domain/connection'
import type { TransferSummary } from '../../src/shared/domain/transfer'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { enginePath, MiB, tempDir, waitUntil, writeRandomFile } from './upload-support'

/** The pids of this process's children running the engine entry. */
function engineChildren(): number[] {
  const pids: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8')
      if (ppid === process.pid && cmdline.includes('engine.js')) pids.push(Number(name))
    } catch {
      // Gone meanwhile.
    }
  }
  return pids
}

describe('app downloads run in the engine process', () => {
  const s3 = testClient()
  const tmp = tempDir('app-downloads')
  let main: HeadlessMain
  let connectionId: string
  let bucket: string
  let bytes: Buffer

  const call = async (channel: string, payload: unknown) => {
    const answer = await main.dispatch(channel, payload)
    if (!answer.ok) throw new Error(`${channel}: ${answer.error.message}`)
    return answer.value
  }
  const summaryOf = async (id: string) =>
    ((await call('transfers:list', {})) as TransferSummary[]).find((t) => t.id === id)!
  const waitForState = async (id: string, states: string[], timeoutMs = 60_000) => {
    let last: TransferSummary | undefined
    await waitUntil(
      `download ${id} reaches ${states.join(' or ')}`,
      () => {
        void summaryOf(id).then((s) => (last = s))
        return last !== undefined && states.includes(last.state)
      },
      timeoutMs,
    )
    return last!
  }

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'appdl')
    bytes = writeRandomFile(join(tmp.dir, 'source.bin'), 48 * MiB)
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big.bin', Body: bytes }))
    main = createHeadlessMain({ stateDir: join(tmp.dir, 'state'), enginePath })
    const c = testConnection()
    const saved = (await call('connections:save', {
      name: 'rgw',
      endpoint: c.endpoint,
      region: c.region,
      pathStyle: true,
      accessKeyId: c.credentials!.accessKeyId,
      secretAccessKey: c.credentials!.secretAccessKey,
    })) as ConnectionSummary
    connectionId = saved.id
    // 16 MiB/s: the 48 MiB object takes about 3 s, time enough to pause it and to kill the engine.
    await call('settings:save', { maxBytesPerSecond: 16 * MiB })
  })
  afterAll(async () => {
    await main.close()
    tmp.cleanup()
  })

  /** Starts a download of big.bin into `folder` and waits until a quarter of it has arrived. */
  const startAndWaitForAQuarter = async (folder: string): Promise<string> => {
    main.desktop.answerFolderPick(folder)
    const keys = ['big.bin']
    const [started] = (await call('objects:download', { connectionId, bucket, keys })) as TransferSummary[]
    const id = started!.id
    let arrived = 0
    await waitUntil('a quarter is downloaded', () => {
      void summaryOf(id).then((s) => (arrived = s.bytesDone))
      return arrived >= 12 * MiB
    })
    return id
  }

  it('pauses half way, resumes from the partial file, and ends verified', async () => {
    const folder = join(tmp.dir, 'paused')
    const id = await startAndWaitForAQuarter(folder)
    await call('transfers:pause', { id })
    const paused = await waitForState(id, ['paused', 'failed', 'done'])
    expect(paused.state).toBe('paused')
    expect(paused.bytesDone).toBeLessThan(bytes.length)

    await call('transfers:resume', { id })
    const done = await waitForState(id, ['done', 'failed'])
    expect(done.error).toBeUndefined()
    expect(done.state).toBe('done')
    expect(done.verification?.verified).toBe(true)
    expect(readFileSync(join(folder, 'big.bin')).equals(bytes)).toBe(true)
  })

  it('stops when the engine process dies, not main, and a retry finishes it', async () => {
    const folder = join(tmp.dir, 'killed')
    const id = await startAndWaitForAQuarter(folder)
    const engines = engineChildren()
    expect(engines).toHaveLength(1)
    process.kill(engines[0]!, 'SIGKILL')
    const stopped = await waitForState(id, ['failed', 'done'])
    expect(stopped.state).toBe('failed')
    expect(stopped.error?.message).toMatch(/engine/)

    await call('transfers:resume', { id })
    const done = await waitForState(id, ['done', 'failed'])
    expect(done.state).toBe('done')
    expect(readFileSync(join(folder, 'big.bin')).equals(bytes)).toBe(true)
  })
})
