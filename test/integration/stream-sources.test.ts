// ferry stream from each kind of source into the real radosgw: the object equals the source
// byte for byte, the outcome says how it was verified, and bad sources fail fast.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { cliStateEnv } from './objects-support'
import {
  randomSource,
  startFtpSource,
  startHttpSource,
  type HttpSourceOptions,
} from '../support/source-servers'
import {
  ferryBin,
  MiB,
  openUploads,
  readObject,
  root,
  runFerry,
  tempDir,
  testManager,
} from './upload-support'

describe('streaming a URL into S3', () => {
  const s3 = testClient()
  const tmp = tempDir('stream')
  const { manager } = testManager(join(tmp.dir, 'state', 'transfers'))
  let bucket: string
  const bytes = randomSource(13 * MiB + 12_345)
  const md5 = createHash('md5').update(bytes).digest('hex')

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'stream')
  })
  afterAll(async () => {
    await manager.close()
    tmp.cleanup()
  })

  const stream = async (url: string, key: string, extra: { sourceMd5?: string; partSize?: number } = {}) => {
    const s = manager.stream({
      connection: testConnection(),
      url,
      bucket,
      key,
      partSize: extra.partSize ?? 5 * MiB,
      concurrency: 3,
      ...(extra.sourceMd5 ? { sourceMd5: extra.sourceMd5 } : {}),
    })
    return manager.waitFor(s.id)
  }

  const served = async (options: HttpSourceOptions, run: (url: string) => Promise<void>) => {
    const server = await startHttpSource(options)
    server.put('data.bin', bytes)
    try {
      await run(server.url('data.bin'))
      return server
    } finally {
      await server.close()
    }
  }

  const expectStored = async (key: string, result: Awaited<ReturnType<typeof stream>>) => {
    expect(result.summary.error).toBeUndefined()
    expect(result.summary.state).toBe('done')
    expect(result.summary.verification).toMatchObject({ verified: true, method: 'multipart-etag' })
    expect(result.outcome!.partsUploaded).toBe(3)
    expect((await readObject(s3, bucket, key)).equals(bytes)).toBe(true)
  }

  it('fetches parts of a ranged HTTP source in parallel, one range each, and checks its Content-MD5', async () => {
    const server = await served({ digestHeader: 'content-md5' }, async (url) => {
      const result = await stream(url, 'ranged.bin')
      await expectStored('ranged.bin', result)
      expect(result.outcome!.sourceCheck).toMatchObject({
        compared: true,
        match: true,
        from: 'Content-MD5 header',
        actual: md5,
      })
      expect(result.summary.verification).toMatchObject({
        detail: expect.stringContaining('equals the Content-MD5 header'),
      })
    })
    const gets = server.rangeGets('data.bin')
    expect(gets.map((g) => g.range).sort()).toEqual(
      ['bytes=0-5242879', 'bytes=5242880-10485759', `bytes=10485760-${bytes.length - 1}`].sort(),
    )
    // Every range carried the version it must come from.
    expect(gets.every((g) => g.ifRange?.startsWith('"v'))).toBe(true)
  })

  it('reads a source without ranges front to back in one request, and checks an RFC 9530 Repr-Digest', async () => {
    const server = await served({ ranges: false, digestHeader: 'repr-digest' }, async (url) => {
      const result = await stream(url, 'noranges.bin')
      await expectStored('noranges.bin', result)
      expect(result.outcome!.sourceCheck).toMatchObject({ compared: true, match: true, algorithm: 'sha-256' })
    })
    // One GET for the whole body, no Range header (the server said Accept-Ranges: none).
    expect(server.requests.filter((r) => r.method === 'GET')).toHaveLength(1)
    expect(server.rangeGets('data.bin')).toEqual([])
  })

  it('streams a chunked response without a length, numbering parts as they arrive', async () => {
    await served({ chunked: true, ranges: false, digestHeader: 'digest' }, async (url) => {
      const result = await stream(url, 'chunked.bin')
      await expectStored('chunked.bin', result)
      expect(result.summary.size).toBe(bytes.length)
      expect(result.outcome!.sourceCheck).toMatchObject({
        compared: true,
        match: true,
        from: 'Digest header',
      })
    })
  })

  it('retries a 503 and continues ranges from the byte they reached when connections drop mid-body', async () => {
    const server = await served({ unavailable: 2, drops: 3, dropAfter: 1 * MiB + 7 }, async (url) => {
      const result = await stream(url, 'drops.bin')
      await expectStored('drops.bin', result)
    })
    // Three parts, each cut once: the retries asked for the rest of their part, not all of it.
    expect(server.requests.slice(0, 3).map((r) => r.method)).toEqual(['HEAD', 'HEAD', 'HEAD'])
    const cut = 1 * MiB + 7
    expect(
      server
        .rangeGets('data.bin')
        .map((g) => g.range!.split('-')[0])
        .sort(),
    ).toEqual([0, 5 * MiB, 10 * MiB, cut, 5 * MiB + cut, 10 * MiB + cut].map((n) => `bytes=${n}`).sort())
  })

  it('follows redirects and sends basic auth from the URL', async () => {
    const server = await startHttpSource({ auth: { user: 'ann', password: 's3cret' } })
    server.put('data.bin', bytes)
    try {
      const result = await stream(server.url('redirect/data.bin'), 'auth.bin')
      await expectStored('auth.bin', result)
      // The password is not shown or journaled.
      expect(result.summary.source).toBe(server.url('redirect/data.bin').replace(':s3cret@', '@'))
    } finally {
      await server.close()
    }
  })

  it('streams from FTP (passive, anonymous and with a login), each part one REST + RETR', async () => {
    const ftp = await startFtpSource()
    ftp.put('data.bin', bytes)
    try {
      await expectStored('ftp.bin', await stream(ftp.url('data.bin'), 'ftp.bin'))
      expect([...ftp.retrievals].sort((a, b) => a - b)).toEqual([0, 5 * MiB, 10 * MiB])
      await expectStored('ftp-login.bin', await stream(ftp.url('data.bin', true), 'ftp-login.bin'))
    } finally {
      await ftp.close()
    }
  })

  it('streams a file:// URL and checks it against --source-md5 given as an md5sum file URL', async () => {
    const path = join(tmp.dir, 'local.bin')
    writeFileSync(path, bytes)
    writeFileSync(`${path}.md5`, `${md5}  local.bin\n`)
    const result = await stream(pathToFileURL(path).href, 'file.bin', {
      sourceMd5: pathToFileURL(`${path}.md5`).href,
    })
    await expectStored('file.bin', result)
    expect(result.outcome!.sourceCheck).toMatchObject({
      compared: true,
      match: true,
      from: expect.stringContaining('--source-md5'),
    })
  })

  it('fails with integrity when the bytes streamed differ from the MD5 the source claims', async () => {
    await served({}, async (url) => {
      const result = await stream(url, 'wrong.bin', { sourceMd5: 'f'.repeat(32) })
      expect(result.summary.state).toBe('failed')
      expect(result.summary.error).toMatchObject({ code: 'integrity' })
      expect(result.summary.error!.message).toContain(
        `the --source-md5 says MD5 ${'f'.repeat(32)}, the bytes streamed give ${md5}`,
      )
    })
  })

  it('ferry stream: --json summary with the source check; a 404 exits 1 with the cause and the fix', async () => {
    const c = testConnection()
    const env = {
      ...process.env,
      FERRY_STATE_DIR: join(tmp.dir, 'cli-state'),
      AWS_ENDPOINT_URL: c.endpoint,
      AWS_ACCESS_KEY_ID: c.credentials!.accessKeyId,
      AWS_SECRET_ACCESS_KEY: c.credentials!.secretAccessKey,
      AWS_REGION: c.region,
    }
    await served({ digestHeader: 'digest' }, async (url) => {
      const ok = await runFerry(['stream', url, `s3://${bucket}/cli/`, '--part-size', '5MiB', '--json'], env)
      expect(ok.code).toBe(0)
      const summary = JSON.parse(ok.stdout.trim().split('\n').at(-1)!)
      expect(summary).toMatchObject({
        event: 'summary',
        state: 'done',
        key: 'cli/data.bin',
        bytes: bytes.length,
        verified: true,
        sourceCheck: { compared: true, match: true, from: 'Digest header', actual: md5 },
      })
      const human = await runFerry(['stream', url, `s3://${bucket}/cli/human.bin`], env)
      expect(human.stdout).toContain('verified (multipart-etag + source MD5 (Digest header))')
      const missing = await runFerry(
        ['stream', url.replace('data.bin', 'gone.bin'), `s3://${bucket}/cli/gone.bin`],
        env,
      )
      expect(missing.code).toBe(1)
      expect(missing.stderr).toMatch(/gone\.bin was not found \(HTTP 404 Not Found\)\. Fix: Check the URL/)
    })
    expect((await readObject(s3, bucket, 'cli/data.bin')).equals(bytes)).toBe(true)
  })

  it('ferry stream - reads a pipe once, front to back, and proves the object', async () => {
    const env = cliStateEnv(join(tmp.dir, 'pipe-state'))
    // A pipe, not a file: no size, no seeking (a positional read of it fails with ESPIPE).
    const child = spawn(
      process.execPath,
      [ferryBin, 'stream', '-', `s3://${bucket}/pipe/data.bin`, '--part-size', '5MiB', '--json'],
      { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    // Written in pieces, as a producer would.
    for (let at = 0; at < bytes.length; at += 3 * MiB) child.stdin.write(bytes.subarray(at, at + 3 * MiB))
    child.stdin.end()
    const code = await exited
    expect(code, stderr).toBe(0)
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!)
    expect(summary).toMatchObject({ state: 'done', bytes: bytes.length, verified: true, partsUploaded: 3 })
    expect((await readObject(s3, bucket, 'pipe/data.bin')).equals(bytes)).toBe(true)
    // Standard input has no name to give a key ending in "/".
    const unnamed = await runFerry(['stream', '-', `s3://${bucket}/pipe/`], env)
    expect(unnamed.code).toBe(2)
    expect(unnamed.stderr).toContain('standard input has no name: give the whole key')
  })

  it('fails fast on 404, 403 and schemes it cannot read, leaving no upload open', async () => {
    await served({ forbidden: 'secret.bin' }, async (url) => {
      const missing = await stream(url.replace('data.bin', 'nope.bin'), 'nope.bin')
      expect(missing.summary.state).toBe('failed')
      expect(missing.summary.error).toMatchObject({
        code: 'source-missing',
        message: expect.stringContaining('HTTP 404'),
      })
      const denied = await stream(url.replace('data.bin', 'secret.bin'), 'secret.bin')
      expect(denied.summary.error).toMatchObject({
        code: 'access-denied',
        fix: expect.stringContaining('credentials'),
      })
    })
    expect(() =>
      manager.stream({ connection: testConnection(), url: 'sftp://h/x', bucket, key: 'x' }),
    ).toThrow(/sftp, which Ferry cannot stream from/)
    expect(await openUploads(s3, bucket)).toEqual([])
  })
})
