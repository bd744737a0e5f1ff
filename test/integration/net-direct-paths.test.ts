// The requests made beside the SDK take the connection's network too: the direct GET of a small
// object (folder downloads) and the reachability probe (which resumes waiting transfers) go
// through the connection's or the environment's proxy (tinyproxy's log shows them) and trust
// the connection's CA file at the TLS front, like the SDK's own requests.
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeEndpoint } from '../../src/main/core/transfers/endpoint-probe'
import { downloadSmall } from '../../src/main/engine/download/small-download'
import { createS3Client } from '../../src/main/s3/client-factory'
import type { EngineConnection } from '../../src/shared/engine-protocol'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { deadPort, hostPort, net, proxiedRequests, proxyLog } from './net-support'
import { setEnv, tempDir } from './upload-support'

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex')

describe('direct requests and the probe through the proxy and the TLS front', () => {
  const s3 = testClient()
  const tmp = tempDir('net-direct')
  const body = randomBytes(200_000 + 3)
  const signal = new AbortController().signal
  let bucket: string
  let etag: string

  const behindTls = (extra: Partial<EngineConnection> = {}): EngineConnection => ({
    ...testConnection(),
    endpoint: net.tls(),
    pathStyle: true,
    ...extra,
  })

  /** downloadSmall with a client made for the connection; undefined when it declined. */
  async function getSmall(connection: EngineConnection, name: string) {
    const client = createS3Client(connection)
    try {
      const target = join(tmp.dir, name)
      const outcome = await downloadSmall(
        client,
        { bucket, key: 'small.bin', target },
        { etag, size: body.length },
        signal,
      )
      return { outcome, target }
    } finally {
      client.destroy()
    }
  }

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'netdirect')
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'small.bin', Body: body }))
    etag = put.ETag!.replaceAll('"', '')
  })
  afterAll(() => tmp.cleanup())

  it("gets a small object directly through the connection's proxy, trusting its CA file", async () => {
    const log = proxyLog()
    const { outcome, target } = await getSmall(
      behindTls({ proxy: net.proxy(), caFile: net.caFile() }),
      'tunnelled.bin',
    )
    expect(outcome).toMatchObject({ bytes: body.length, verification: { verified: true } })
    expect(md5(readFileSync(target))).toBe(md5(body))
    expect(proxiedRequests(log.read())).toContain(`CONNECT ${hostPort(net.tls())}`)
  })

  it('sends the direct GET itself through a plain-http proxy, with no HEAD before it', async () => {
    const log = proxyLog()
    const store = testConnection().endpoint
    const { outcome, target } = await getSmall({ ...testConnection(), proxy: net.proxy() }, 'plain.bin')
    expect(outcome).toMatchObject({ bytes: body.length, verification: { verified: true } })
    expect(md5(readFileSync(target))).toBe(md5(body))
    // This bucket's requests only: the files running beside this one share the proxy's log.
    const mine = proxiedRequests(log.read()).filter((r) => r.includes(`/${bucket}/`))
    expect(mine).toEqual([`GET ${store}/${bucket}/small.bin`])
  })

  it('declines the short way, writing nothing, when the front is not trusted', async () => {
    // The long way (the SDK) then names the unknown authority (net-tls.test.ts).
    const { outcome, target } = await getSmall(behindTls({ caFile: '' }), 'untrusted.bin')
    expect(outcome).toBeUndefined()
    expect(existsSync(target) || existsSync(`${target}.ferry-partial`)).toBe(false)
  })

  it("probes the endpoint through the connection's proxy: a dead proxy means unreachable", async () => {
    const log = proxyLog()
    expect(await probeEndpoint(behindTls({ proxy: net.proxy() }))).toBe(true)
    expect(proxiedRequests(log.read())).toContain(`CONNECT ${hostPort(net.tls())}`)
    const dead = `http://127.0.0.1:${await deadPort()}`
    expect(await probeEndpoint(behindTls({ proxy: dead }))).toBe(false)
    expect(await probeEndpoint(behindTls({ proxy: 'none' }))).toBe(true)
  })

  it("probes through the environment's proxy, except to hosts no_proxy lists", async () => {
    const restore = setEnv({ HTTPS_PROXY: `http://127.0.0.1:${await deadPort()}` })
    try {
      expect(await probeEndpoint(behindTls())).toBe(false)
      const restoreNoProxy = setEnv({ no_proxy: '127.0.0.1' })
      try {
        expect(await probeEndpoint(behindTls())).toBe(true)
      } finally {
        restoreNoProxy()
      }
    } finally {
      restore()
    }
  })
})
