// A store reached through a SOCKS5 proxy (microsocks, started by scripts/net-servers.sh), named
// in HTTPS_PROXY or HTTP_PROXY as socks5://HOST:PORT: the requests go through it (its log shows
// the connections), or as an app connection's proxy; TLS to the front is checked against the
// run's CA through the tunnel, and a SOCKS proxy that is down is named.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { HeadObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadlessMain } from '../../src/main/headless'
import type { ConnectionSummary } from '../../src/shared/domain/connection'
import type { TransferSummary } from '../../src/shared/domain/transfer'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { randomSource } from '../support/source-servers'
import { cliEnv, runCli } from './objects-support'
import { deadPort, hostPort, net, socksLog } from './net-support'
import { expectRoundTrip } from './proxy-round-trip'
import { enginePath, MiB, openUploads, readObject, tempDir } from './upload-support'

describe('a store reached through a SOCKS5 proxy', () => {
  const s3 = testClient()
  const tmp = tempDir('socks')
  const small = randomSource(50_000)
  const big = randomSource(11 * MiB)
  const parts = ['--part-size', '5MiB', '--multipart-threshold', '5MiB']
  const files = [join(tmp.dir, 'small.bin'), join(tmp.dir, 'big.bin')]
  let bucket: string

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'socks')
    writeFileSync(files[0]!, small)
    writeFileSync(files[1]!, big)
  })
  afterAll(() => tmp.cleanup())

  const tlsEnv = (extra: Record<string, string>) =>
    cliEnv({
      FERRY_STATE_DIR: join(tmp.dir, 'state'),
      AWS_ENDPOINT_URL: net.tls(),
      AWS_CA_BUNDLE: net.caFile(),
      ...extra,
    })

  it('uploads and downloads over https:// through HTTPS_PROXY=socks5://, trusting the CA', async () => {
    const log = socksLog()
    const env = tlsEnv({ HTTPS_PROXY: net.socks() })
    await expectRoundTrip({
      s3,
      bucket,
      prefix: 'tls',
      files,
      small,
      big,
      parts,
      target: join(tmp.dir, 'tls.out'),
      env,
    })
    // The log is shared with the files running beside this one: look for this front's port.
    expect(log.connections()).toContain(hostPort(net.tls()))
  })

  it('uploads over plain http through http_proxy=socks5://', async () => {
    const log = socksLog()
    const env = cliEnv({ FERRY_STATE_DIR: join(tmp.dir, 'state'), http_proxy: net.socks() })
    const up = await runCli(['upload', ...files, `s3://${bucket}/plain/`, ...parts], { env })
    expect(up.stderr).toBe('')
    expect(up.code).toBe(0)
    expect((await readObject(s3, bucket, 'plain/big.bin')).equals(big)).toBe(true)
    expect(log.connections()).toContain(hostPort(testConnection().endpoint))
  })

  it("uploads through an app connection's socks5:// proxy, trusting its CA file", async () => {
    const log = socksLog()
    const main = createHeadlessMain({ stateDir: join(tmp.dir, 'app-state'), enginePath })
    try {
      const c = testConnection()
      const call = async <T>(channel: string, payload: unknown): Promise<T> => {
        const answer = await main.dispatch(channel, payload)
        if (!answer.ok) throw new Error(`${channel}: ${answer.error.message}`)
        return answer.value as T
      }
      const saved = await call<ConnectionSummary>('connections:save', {
        name: 'through SOCKS',
        endpoint: net.tls(),
        region: c.region,
        pathStyle: true,
        accessKeyId: c.credentials!.accessKeyId,
        secretAccessKey: c.credentials!.secretAccessKey,
        caFile: net.caFile(),
        proxy: net.socks(),
      })
      expect(saved.proxy).toBe(net.socks())
      const [t] = await call<TransferSummary[]>('transfers:upload', {
        connectionId: saved.id,
        bucket,
        prefix: 'app/',
        paths: [files[1]!],
      })
      const done = (await main.core.transfers.waitFor(t!.id)).summary
      expect(done.error).toBeUndefined()
      expect(done.verification?.verified).toBe(true)
      expect((await readObject(s3, bucket, 'app/big.bin')).equals(big)).toBe(true)
      expect(log.connections()).toContain(hostPort(net.tls()))
    } finally {
      await main.close()
    }
  })

  it('names a SOCKS proxy that is down, and leaves no object or open upload behind', async () => {
    const proxy = `socks5://127.0.0.1:${await deadPort()}`
    const run = await runCli(['upload', ...files, `s3://${bucket}/down/`, ...parts], {
      env: tlsEnv({ HTTPS_PROXY: proxy }),
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      `the proxy at ${proxy} refused the connection: nothing answers at that address (connect ECONNREFUSED`,
    )
    expect(run.stderr).toContain(`Fix: Check that the proxy runs at ${proxy} and that HTTPS_PROXY`)
    for (const key of ['down/small.bin', 'down/big.bin'])
      await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).rejects.toThrow()
    expect(await openUploads(s3, bucket)).toEqual([])
  })
})
