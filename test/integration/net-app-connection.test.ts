// A saved connection's own network in the app (through the bridge of the headless main): its
// CA certificate file and its proxy reach every client, the main process's (test, list) and the
// engine's (uploads, streams, downloads); a CA file that is missing is refused when saved.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import type { ConnectionSummary } from '../../src/shared/domain/connection'
import type { ListObjectsPage } from '../../src/shared/domain/objects'
import type { TransferSummary } from '../../src/shared/domain/transfer'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { randomSource, startHttpSource } from '../support/source-servers'
import { hostPort, net, proxiedRequests, proxyLog } from './net-support'
import { enginePath, MiB, readObject, tempDir, waitUntil, writeRandomFile } from './upload-support'

describe("a connection's proxy and CA certificate file in the app", () => {
  const s3 = testClient()
  const tmp = tempDir('app-net')
  let main: HeadlessMain
  let bucket: string

  const dispatch = (channel: string, payload: unknown) => main.dispatch(channel, payload)
  const call = async (channel: string, payload: unknown) => {
    const answer = await dispatch(channel, payload)
    if (!answer.ok) throw new Error(`${channel}: ${answer.error.message}`)
    return answer.value
  }
  const fields = (extra: Record<string, unknown>) => {
    const c = testConnection()
    return {
      name: 'behind TLS',
      endpoint: net.tls(),
      region: c.region,
      pathStyle: true,
      accessKeyId: c.credentials!.accessKeyId,
      secretAccessKey: c.credentials!.secretAccessKey,
      ...extra,
    }
  }
  const finished = async (id: string) => {
    let last: TransferSummary | undefined
    await waitUntil(
      `transfer ${id} ends`,
      () => {
        void (call('transfers:list', {}) as Promise<TransferSummary[]>).then(
          (all) => (last = all.find((t) => t.id === id)),
        )
        return last !== undefined && ['done', 'failed', 'cancelled'].includes(last.state)
      },
      60_000,
    )
    return last!
  }

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'appnet')
    main = createHeadlessMain({ stateDir: join(tmp.dir, 'state'), enginePath })
  })
  afterAll(async () => {
    await main.close()
    tmp.cleanup()
  })

  it('refuses to save a CA file that does not exist, naming it', async () => {
    const missing = join(tmp.dir, 'nowhere.pem')
    const answer = await dispatch('connections:save', fields({ caFile: missing }))
    expect(answer.ok).toBe(false)
    if (!answer.ok) expect(answer.error.message).toContain(`the CA file ${missing}`)
    expect(await call('connections:list', {})).toEqual([])
  })

  it('without its CA file, the test names the unknown certificate authority', async () => {
    const answer = await dispatch('connections:probe', fields({}))
    expect(answer.ok).toBe(false)
    if (!answer.ok) expect(answer.error.message).toContain('signed by an unknown certificate authority')
  })

  it('tests, lists, uploads, streams and downloads through its proxy, trusting its CA file', async () => {
    const log = proxyLog()
    const network = { caFile: net.caFile(), proxy: net.proxy() }
    expect(((await call('connections:probe', fields(network))) as { ok: boolean }).ok).toBe(true)
    const saved = (await call('connections:save', fields(network))) as ConnectionSummary
    expect([saved.proxy, saved.caFile]).toEqual([net.proxy(), net.caFile()])
    const connectionId = saved.id

    const bytes = writeRandomFile(join(tmp.dir, 'big.bin'), 17 * MiB)
    const [upload] = (await call('transfers:upload', {
      connectionId,
      bucket,
      paths: [join(tmp.dir, 'big.bin')],
    })) as TransferSummary[]
    const uploaded = await finished(upload!.id)
    expect(uploaded.error).toBeUndefined()
    expect(uploaded.verification?.verified).toBe(true)
    expect((await readObject(s3, bucket, 'big.bin')).equals(bytes)).toBe(true)

    const source = await startHttpSource({ tls: net.serverCert() })
    const sourceBytes = randomSource(3 * MiB)
    source.put('data.bin', sourceBytes)
    try {
      const [stream] = [
        (await call('transfers:stream', {
          connectionId,
          bucket,
          url: source.url('data.bin'),
        })) as TransferSummary,
      ]
      const streamed = await finished(stream.id)
      expect(streamed.error).toBeUndefined()
      expect((await readObject(s3, bucket, 'data.bin')).equals(sourceBytes)).toBe(true)
    } finally {
      await source.close()
    }

    const listed = (await call('objects:list', { connectionId, bucket, prefix: '' })) as ListObjectsPage
    expect(listed.entries.flatMap((e) => (e.kind === 'object' ? [e.key] : [])).sort()).toEqual([
      'big.bin',
      'data.bin',
    ])

    const folder = join(tmp.dir, 'down')
    main.desktop.answerFolderPick(folder)
    const [download] = (await call('objects:download', {
      connectionId,
      bucket,
      keys: ['big.bin'],
    })) as TransferSummary[]
    const downloaded = await finished(download!.id)
    expect(downloaded.error).toBeUndefined()
    expect(readFileSync(join(folder, 'big.bin')).equals(bytes)).toBe(true)

    const requests = proxiedRequests(log.read())
    expect(requests).toContain(`CONNECT ${hostPort(net.tls())}`)
    expect(
      requests.some((r) => r.startsWith('CONNECT 127.0.0.1:') && r !== `CONNECT ${hostPort(net.tls())}`),
    ).toBe(true)
  })
})
