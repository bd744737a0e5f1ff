// Every request through a real HTTP proxy (tinyproxy, started by scripts/net-servers.sh):
// uploads, downloads and https:// stream sources tunnel through HTTPS_PROXY (tinyproxy's log
// shows each CONNECT), plain http (uploads and http:// sources) goes through HTTP_PROXY, either
// case, with or without a scheme; NO_PROXY (either case) bypasses it; a proxy that is down,
// refuses CONNECT or is no URL is named, with nothing left behind.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { HeadObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { randomSource, startHttpSource } from '../support/source-servers'
import { cliEnv, runCli } from './objects-support'
import { countingProxy, deadPort, hostPort, net, proxiedRequests, proxyLog } from './net-support'
import { expectRoundTrip } from './proxy-round-trip'
import { MiB, openUploads, readObject, tempDir } from './upload-support'

describe('a store reached through an HTTP proxy', () => {
  const s3 = testClient()
  const tmp = tempDir('proxy')
  const small = randomSource(50_000)
  const big = randomSource(11 * MiB)
  const parts = ['--part-size', '5MiB', '--multipart-threshold', '5MiB']
  let bucket: string

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'proxy')
    writeFileSync(join(tmp.dir, 'small.bin'), small)
    writeFileSync(join(tmp.dir, 'big.bin'), big)
  })
  afterAll(() => tmp.cleanup())

  /** The TLS front, trusted through AWS_CA_BUNDLE, with these variables besides. */
  const tlsEnv = (extra: Record<string, string>) =>
    cliEnv({
      FERRY_STATE_DIR: join(tmp.dir, 'state'),
      AWS_ENDPOINT_URL: net.tls(),
      AWS_CA_BUNDLE: net.caFile(),
      ...extra,
    })
  const files = [join(tmp.dir, 'small.bin'), join(tmp.dir, 'big.bin')]

  it('tunnels uploads, downloads and https:// sources through HTTPS_PROXY', async () => {
    const log = proxyLog()
    const env = tlsEnv({ HTTPS_PROXY: net.proxy() })
    await expectRoundTrip({
      s3,
      bucket,
      prefix: 'tunnel',
      files,
      small,
      big,
      parts,
      target: join(tmp.dir, 'tunnel.out'),
      env,
    })

    const source = await startHttpSource({ tls: net.serverCert() })
    source.put('data.bin', big)
    try {
      const streamed = await runCli(
        ['stream', source.url('data.bin'), `s3://${bucket}/tunnel/streamed.bin`, '--part-size', '5MiB'],
        { env },
      )
      expect(streamed.stderr).toBe('')
      expect(streamed.code).toBe(0)
      expect((await readObject(s3, bucket, 'tunnel/streamed.bin')).equals(big)).toBe(true)
      const requests = proxiedRequests(log.read())
      // Keep-alive: a handful of tunnels carried the whole run, not one per request.
      const toStore = requests.filter((r) => r === `CONNECT ${hostPort(net.tls())}`)
      expect(toStore.length).toBeGreaterThan(0)
      expect(toStore.length).toBeLessThan(40)
      expect(requests).toContain(`CONNECT ${hostPort(source.url('data.bin'))}`)
      expect(requests.every((r) => r.startsWith('CONNECT '))).toBe(true)
    } finally {
      await source.close()
    }
  })

  it('sends plain http through http_proxy (lower case), signatures intact', async () => {
    const log = proxyLog()
    const env = cliEnv({ FERRY_STATE_DIR: join(tmp.dir, 'state'), http_proxy: net.proxy() })
    const up = await runCli(['upload', ...files, `s3://${bucket}/plain/`, ...parts], { env })
    expect(up.stderr).toBe('')
    expect(up.code).toBe(0)
    expect((await readObject(s3, bucket, 'plain/big.bin')).equals(big)).toBe(true)
    const store = testConnection().endpoint
    const requests = proxiedRequests(log.read())
    expect(requests).toContain(`PUT ${store}/${bucket}/plain/small.bin`)
    expect(
      requests.filter((r) => r.startsWith(`PUT ${store}/${bucket}/plain/big.bin?partNumber=`)),
    ).toHaveLength(3)
  })

  it('streams an http:// source through HTTP_PROXY (upper case) given without a scheme', async () => {
    const source = await startHttpSource()
    source.put('data.bin', small)
    try {
      const log = proxyLog()
      const env = cliEnv({ FERRY_STATE_DIR: join(tmp.dir, 'state'), HTTP_PROXY: hostPort(net.proxy()) })
      const run = await runCli(['stream', source.url('data.bin'), `s3://${bucket}/plain/streamed.bin`], {
        env,
      })
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      expect((await readObject(s3, bucket, 'plain/streamed.bin')).equals(small)).toBe(true)
      const requests = proxiedRequests(log.read())
      expect(requests).toContain(`GET ${source.url('data.bin')}`)
      expect(
        requests.some((r) => r.startsWith(`PUT ${testConnection().endpoint}/${bucket}/plain/streamed.bin`)),
      ).toBe(true)
    } finally {
      await source.close()
    }
  })

  it.each(['NO_PROXY', 'no_proxy'])('goes direct to hosts %s lists', async (name) => {
    const proxy = await countingProxy()
    try {
      const up = await runCli(['upload', ...files, `s3://${bucket}/bypass-${name}/`, ...parts], {
        env: tlsEnv({ HTTPS_PROXY: proxy.url, [name]: 'localhost,127.0.0.1' }),
      })
      expect(up.stderr).toBe('')
      expect(up.code).toBe(0)
      expect((await readObject(s3, bucket, `bypass-${name}/big.bin`)).equals(big)).toBe(true)
      expect(proxy.connections()).toBe(0)
    } finally {
      await proxy.close()
    }
  })

  it('tunnels through HTTPS_PROXY given without a scheme (http://, as curl reads it)', async () => {
    const log = proxyLog()
    const run = await runCli(['ls', `s3://${bucket}/`], {
      env: tlsEnv({ HTTPS_PROXY: hostPort(net.proxy()) }),
    })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(proxiedRequests(log.read())).toContain(`CONNECT ${hostPort(net.tls())}`)
  })

  it('refuses a proxy variable that is not a URL, naming it, before any request', async () => {
    const run = await runCli(['upload', files[0]!, `s3://${bucket}/bad-proxy/`], {
      env: tlsEnv({ https_proxy: 'http://proxy corp:3128' }),
    })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('the proxy "http://proxy corp:3128" (https_proxy) is not a URL')
    await expect(
      s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'bad-proxy/small.bin' })),
    ).rejects.toThrow()
  })

  it('signs in to a proxy with the USER:PASSWORD in HTTPS_PROXY; without them, says it asks for them, never showing the password', async () => {
    const proxy = new URL(net.authProxy())
    const withUser = (password: string) => `http://ferry:${password}@${proxy.host}`
    const ok = await runCli(['ls', `s3://${bucket}/`], {
      env: tlsEnv({ HTTPS_PROXY: withUser('proxy-secret') }),
    })
    expect(ok.stderr).toBe('')
    expect(ok.code).toBe(0)
    for (const value of [net.authProxy(), withUser('not-the-secret')]) {
      const refused = await runCli(['ls', `s3://${bucket}/`], { env: tlsEnv({ HTTPS_PROXY: value }) })
      expect(refused.code).toBe(1)
      // tinyproxy answers 401 where the standard says 407; both mean the same here.
      expect(refused.stderr).toContain(`proxy ${net.authProxy()} asks for a user name and password`)
      expect(refused.stderr).toContain(
        'Fix: Give them in the proxy variable, HTTPS_PROXY=http://USER:PASSWORD@HOST:PORT',
      )
      expect(refused.stderr).not.toContain('not-the-secret')
    }
  })

  it('says a plain-http proxy (HTTP_PROXY) asks for a user name and password, not that the store is no S3', async () => {
    const run = await runCli(['ls', `s3://${bucket}/`], {
      env: cliEnv({ FERRY_STATE_DIR: join(tmp.dir, 'state'), HTTP_PROXY: net.authProxy() }),
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('the proxy asks for a user name and password (HTTP 407')
    expect(run.stderr).toContain(
      'Fix: Give them in the proxy variable, HTTP_PROXY=http://USER:PASSWORD@HOST:PORT',
    )
  })

  it('names a proxy that is down', async () => {
    const proxy = `http://127.0.0.1:${await deadPort()}`
    const run = await runCli(['ls', `s3://${bucket}/`], { env: tlsEnv({ https_proxy: proxy }) })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`the proxy at ${proxy} refused the connection`)
    expect(run.stderr).toContain(`Fix: Check that the proxy runs at ${proxy} and that HTTPS_PROXY`)
  })

  it('names a proxy that refuses CONNECT, and leaves no object or open upload behind', async () => {
    const run = await runCli(['upload', ...files, `s3://${bucket}/refused/`, ...parts], {
      env: tlsEnv({ HTTPS_PROXY: net.strictProxy() }),
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`proxy ${net.strictProxy()} refused to connect to`)
    expect(run.stderr).toContain('answered CONNECT with 403')
    for (const key of ['refused/small.bin', 'refused/big.bin'])
      await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).rejects.toThrow()
    expect(await openUploads(s3, bucket)).toEqual([])
  })
})
