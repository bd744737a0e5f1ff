// One test per row of docs/bad-input.md: each bad input gets its documented code, a message
// that names the problem and a fix, leaves no object and no open multipart upload in radosgw,
// and leaves every journal readable. The rows that fail at run time (not at validation) do so
// while a companion upload runs through the same manager, which must finish intact.
import { execFileSync } from 'node:child_process'
import {
  appendFileSync,
  chmodSync,
  mkdirSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { HeadBucketCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TransferManager } from '../../src/main/core/transfers/transfer-manager'
import { createHeadlessMain } from '../../src/main/headless'
import type { ConnectionSummary } from '../../src/shared/domain/connection'
import type { EngineConnection } from '../../src/shared/engine-protocol'
import type { TransferSummary } from '../../src/shared/domain/transfer'
import { GiB } from '../../src/shared/s3-limits'
import {
  expectClearError,
  expectJournalsReadable,
  expectNothingLeft,
  rejectionOf,
  startHtmlServer,
} from '../support/bad-input'
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy'
import { freshBucket, testClient, testConnection } from '../support/s3'
import {
  enginePath,
  journaledParts,
  MiB,
  readObject,
  runFerry,
  slowLink,
  tempDir,
  testManager,
  waitUntil,
  writeRandomFile,
} from './upload-support'

describe('bad input: a clear error and nothing lost (docs/bad-input.md)', () => {
  const s3 = testClient()
  const tmp = tempDir('badinput')
  const journalDir = join(tmp.dir, 'state', 'transfers')
  const connection = testConnection()
  let manager: TransferManager
  let companionLink: Awaited<ReturnType<typeof slowLink>>
  let slowBad: Awaited<ReturnType<typeof slowLink>>
  let bucket: string
  let small: string
  let twelve: string

  beforeAll(async () => {
    manager = testManager(journalDir).manager
    companionLink = await slowLink(8 * MiB)
    slowBad = await slowLink(8 * MiB)
    bucket = await freshBucket(s3, 'badinput')
    small = join(tmp.dir, 'small.txt')
    writeFileSync(small, 'a small file\n')
    twelve = join(tmp.dir, 'twelve.bin')
    writeRandomFile(twelve, 12 * MiB)
  })
  afterAll(async () => {
    await manager.close()
    await companionLink.close()
    await slowBad.close()
    tmp.cleanup()
  })

  let companions = 0
  /**
   * Runs a bad input while another upload of 16 MiB (about two seconds behind its slow link)
   * goes through the same manager; that upload must finish, byte for byte.
   */
  const whileAnotherRuns = async <T>(bad: () => Promise<T>): Promise<T> => {
    const key = `companion-${++companions}.bin`
    const path = join(tmp.dir, key)
    const bytes = writeRandomFile(path, 16 * MiB)
    const [c] = await manager.upload({
      connection: companionLink.connection,
      bucket,
      key,
      paths: [path],
      partSize: 5 * MiB,
      concurrency: 2,
    })
    const result = await bad()
    const state = manager.get(c!.id)?.state
    console.log(`[bad-input] companion ${key} was ${state} when the bad input had failed`)
    const done = await manager.waitFor(c!.id)
    expect(done.summary.state, JSON.stringify(done.summary.error)).toBe('done')
    expect((await readObject(s3, bucket, key)).equals(bytes)).toBe(true)
    return result
  }

  const failedRun = async (request: Parameters<TransferManager['upload']>[0]): Promise<TransferSummary> => {
    const [s] = await manager.upload(request)
    return (await manager.waitFor(s!.id)).summary
  }

  const refused = (request: Partial<Parameters<TransferManager['upload']>[0]>) =>
    rejectionOf(manager.upload({ connection, bucket, paths: [small], ...request }))

  const afterwards = async (keys: string[]) => {
    await expectNothingLeft(s3, bucket, keys)
    expectJournalsReadable(journalDir)
  }

  it('a key over 1,024 bytes of UTF-8', async () => {
    const key = 'é'.repeat(513)
    const error = await refused({ key })
    expectClearError(error, 'bad-input', /the key is 1026 bytes of UTF-8, over S3's limit of 1024/)
    expect(error.message).toContain(small)
    await afterwards([key])
  })

  it('a key with a character S3 cannot carry', async () => {
    const error = await refused({ key: 'report\u0007.txt' })
    expectClearError(error, 'bad-input', /control character U\+0007 at position 7/)
    const broken = await refused({ key: 'half-\ud83d.txt' })
    expectClearError(broken, 'bad-input', /unpaired UTF-16 surrogate/)
    await afterwards(['report\u0007.txt'])
  })

  it('user metadata over 2 KB', async () => {
    const error = await refused({ key: 'meta-big', headers: { metadata: { note: 'x'.repeat(2100) } } })
    expectClearError(error, 'bad-input', /user metadata is 2104 bytes, over S3's limit of 2048/)
    await afterwards(['meta-big'])
  })

  it('a metadata name with characters a header cannot carry', async () => {
    const error = await refused({ key: 'meta-name', headers: { metadata: { 'my name': 'v' } } })
    expectClearError(error, 'bad-input', /invalid metadata name: "my name" has characters not allowed/)
    await afterwards(['meta-name'])
  })

  it('a part size under 5 MiB or over 5 GiB', async () => {
    const under = await refused({ key: 'p', paths: [twelve], partSize: 4 * MiB })
    expectClearError(under, 'bad-setting', /part size 4(\.0)? MiB is below S3's minimum of 5 MiB/)
    const over = await refused({ key: 'p', paths: [twelve], partSize: 6 * GiB })
    expectClearError(over, 'bad-setting', /part size 6(\.0)? GiB is above S3's maximum of 5 GiB/)
    await afterwards(['p'])
  })

  it('more than 10,000 parts', async () => {
    // Sparse: 50 GiB and one byte on paper, no disk used; the check is on the size alone.
    const huge = join(tmp.dir, 'huge.bin')
    writeFileSync(huge, '')
    truncateSync(huge, 50 * GiB + 1)
    const error = await refused({ key: 'huge', paths: [huge], partSize: 5 * MiB })
    expectClearError(error, 'bad-setting', /into 10241 parts, over S3's 10000/)
    expect(error.fix).toMatch(/--part-size 6MiB or more/)
    rmSync(huge)
    await afterwards(['huge'])
  })

  it('concurrency 0', async () => {
    const error = await refused({ key: 'c0', concurrency: 0 })
    expectClearError(error, 'bad-setting', /concurrency 0 is out of range/)
    await afterwards(['c0'])
  })

  it('a bucket that does not exist', async () => {
    const missing = `${bucket}-nope`
    const summary = await whileAnotherRuns(() =>
      failedRun({ connection, bucket: missing, key: 'x', paths: [twelve] }),
    )
    expect(summary.state).toBe('failed')
    expectClearError(summary.error, 'bucket-missing', new RegExp(`bucket "${missing}" does not exist`))
    // Ferry never creates a bucket it was not asked to.
    const status = await s3.send(new HeadBucketCommand({ Bucket: missing })).then(
      () => 200,
      (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode,
    )
    expect(status).toBe(404)
    await afterwards(['x'])
  })

  it('access denied', async () => {
    // An explicit Deny binds the bucket's owner too: radosgw itself answers AccessDenied.
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: ['s3:PutObject'],
              Resource: [`arn:aws:s3:::${bucket}/denied/*`],
            },
          ],
        }),
      }),
    )
    const summary = await whileAnotherRuns(() =>
      failedRun({ connection, bucket, key: 'denied/big.bin', paths: [twelve] }),
    )
    expect(summary.state).toBe('failed')
    expectClearError(
      summary.error,
      'access-denied',
      new RegExp(`access denied to s3://${bucket}/denied/big.bin`),
    )
    await afterwards(['denied/big.bin'])
  })

  describe('a wrong region', () => {
    let proxy: FaultProxy
    beforeAll(async () => {
      proxy = await startFaultProxy(testConnection().endpoint, 8)
    })
    afterAll(() => proxy.close())

    it('names the region problem, as AWS answers it (301 PermanentRedirect)', async () => {
      // radosgw serves every region name, so the proxy answers as AWS does for a bucket elsewhere.
      proxy.script({
        status: 301,
        code: 'PermanentRedirect',
        message: 'The bucket you are attempting to access must be addressed using the specified endpoint.',
        match: (r) => r.url.includes('/far.bin'),
        times: 5,
      })
      const summary = await whileAnotherRuns(() =>
        failedRun({
          connection: { ...connection, endpoint: proxy.endpoint, region: 'eu-west-3' },
          bucket,
          key: 'far.bin',
          paths: [twelve],
        }),
      )
      expect(summary.state).toBe('failed')
      expectClearError(summary.error, 'wrong-region', /is in another region than the connection's/)
      await afterwards(['far.bin'])
    })
  })

  it('a missing file', async () => {
    const gone = join(tmp.dir, 'no-such-file.bin')
    const error = await refused({ key: 'gone', paths: [gone] })
    expectClearError(error, 'source-missing', new RegExp(`${gone} does not exist`))
    await afterwards(['gone'])
  })

  it('an unreadable file (as an unprivileged user when the test runs as root)', async () => {
    const locked = join(tmp.dir, 'locked.bin')
    writeFileSync(locked, 'secret contents')
    chmodSync(locked, 0o000)
    chmodSync(tmp.dir, 0o755)
    const state = join(tmp.dir, 'nobody-state')
    mkdirSync(state, { recursive: true, mode: 0o777 })
    chmodSync(state, 0o777)
    const root = process.getuid?.() === 0
    const run = await runFerry(
      ['upload', locked, `s3://${bucket}/locked.bin`, '--endpoint', connection.endpoint],
      {
        PATH: process.env['PATH'],
        HOME: state,
        FERRY_STATE_DIR: state,
        AWS_ACCESS_KEY_ID: connection.credentials!.accessKeyId,
        AWS_SECRET_ACCESS_KEY: connection.credentials!.secretAccessKey,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      root ? { uid: 65534, gid: 65534 } : {},
    )
    expect(run.code).not.toBe(0)
    expect(run.stderr).toMatch(
      new RegExp(`no permission to read ${locked}.*Fix: Give your user read permission`),
    )
    await afterwards(['locked.bin'])
    expectJournalsReadable(join(state, 'transfers'))
  })

  it('a folder where a file is expected: the source became a folder before resume', async () => {
    const path = join(tmp.dir, 'becomes-folder.bin')
    writeRandomFile(path, 24 * MiB)
    const [s] = await manager.upload({
      connection: slowBad.connection,
      bucket,
      key: 'becomes-folder.bin',
      paths: [path],
      partSize: 5 * MiB,
      concurrency: 1,
    })
    const journal = join(journalDir, `${s!.id}.journal`)
    await waitUntil('a part is journaled', () => journaledParts(journal).length >= 1, 60_000)
    manager.pause(s!.id)
    expect((await manager.waitFor(s!.id)).summary.state).toBe('paused')
    rmSync(path)
    mkdirSync(path)
    manager.resume(s!.id)
    const summary = (await manager.waitFor(s!.id)).summary
    expect(summary.state).toBe('failed')
    expectClearError(summary.error, 'source-not-a-file', new RegExp(`${path} is not a regular file`))
    await afterwards(['becomes-folder.bin'])
  })

  it('a named pipe: refused when named, skipped inside a folder', async () => {
    const folder = join(tmp.dir, 'with-pipe')
    mkdirSync(folder)
    writeFileSync(join(folder, 'real.txt'), 'real')
    const fifo = join(folder, 'pipe')
    execFileSync('mkfifo', [fifo])
    const error = await refused({ key: 'pipe', paths: [fifo] })
    expectClearError(error, 'source-not-a-file', new RegExp(`${fifo} is neither a file nor a folder`))
    await afterwards(['pipe'])
    // Inside a dropped folder the pipe is left out (reading it would block on a writer).
    const started = await manager.upload({ connection, bucket, prefix: 'pipes/', paths: [folder] })
    expect(started.map((t) => t.key)).toEqual(['pipes/with-pipe/real.txt'])
    expect((await manager.waitFor(started[0]!.id)).summary.state).toBe('done')
    await afterwards(['pipes/with-pipe/pipe'])
  })

  it('a symlink loop inside a dropped folder: the loop is skipped, the files upload', async () => {
    const folder = join(tmp.dir, 'loopy')
    mkdirSync(join(folder, 'sub'), { recursive: true })
    writeFileSync(join(folder, 'sub', 'photo.jpg'), 'jpeg bytes')
    symlinkSync('..', join(folder, 'sub', 'up')) // a folder link back to its parent
    symlinkSync('b', join(folder, 'a')) // a -> b -> a
    symlinkSync('a', join(folder, 'b'))
    const started = await manager.upload({ connection, bucket, prefix: 'loops/', paths: [folder] })
    expect(started.map((t) => t.key)).toEqual(['loops/loopy/sub/photo.jpg'])
    expect((await manager.waitFor(started[0]!.id)).summary.state).toBe('done')
    await afterwards(['loops/loopy/a', 'loops/loopy/sub/up/sub/photo.jpg'])
  })

  for (const change of ['grows', 'shrinks'] as const) {
    it(`a file that ${change} during upload`, async () => {
      const path = join(tmp.dir, `${change}.bin`)
      writeRandomFile(path, 24 * MiB)
      const summary = await whileAnotherRuns(async () => {
        const [s] = await manager.upload({
          connection: slowBad.connection,
          bucket,
          key: `${change}.bin`,
          paths: [path],
          partSize: 5 * MiB,
          concurrency: 1,
        })
        const journal = join(journalDir, `${s!.id}.journal`)
        await waitUntil('a part is journaled', () => journaledParts(journal).length >= 1, 60_000)
        if (change === 'grows') appendFileSync(path, Buffer.alloc(MiB, 1))
        else truncateSync(path, 11 * MiB)
        return (await manager.waitFor(s!.id)).summary
      })
      expect(summary.state).toBe('failed')
      expectClearError(
        summary.error,
        'source-changed',
        new RegExp(`${path} changed while it was being uploaded`),
      )
      await afterwards([`${change}.bin`])
    })
  }

  it('a truncated or corrupted journal', async () => {
    const [s] = await manager.upload({ connection, bucket, key: 'journaled.txt', paths: [small] })
    expect((await manager.waitFor(s!.id)).summary.state).toBe('done')
    const torn = join(journalDir, 'torn-0000.journal')
    const garbage = join(journalDir, 'garbage-0000.journal')
    writeFileSync(torn, '{"t":"part","n":1,"etag":"x","md5":"y","size":5}\n')
    writeFileSync(garbage, '\u0000\u0000\u0000not json\n{"t":"header"\n')
    const listed = await whileAnotherRuns(() => manager.list())
    for (const id of ['torn-0000', 'garbage-0000']) {
      const bad = listed.find((t) => t.id === id)
      expectClearError(bad?.error, 'journal-corrupt', /the transfer journal .* is damaged/)
      expect(bad!.error!.fix).toContain('Delete')
    }
    // The good journals still list with their state; resuming a damaged one says so, nothing more.
    expect(listed.find((t) => t.id === s!.id)?.state).toBe('done')
    const resumed = await rejectionOf(Promise.resolve().then(() => manager.resume('garbage-0000')))
    expectClearError(resumed, 'journal-corrupt', /is damaged \(line 1 is not a journal record\)/)
    expect(expectJournalsReadable(journalDir, [torn, garbage])).toBeGreaterThan(0)
    rmSync(torn)
    rmSync(garbage)
  })

  describe('an endpoint that is not S3 (a web server answering HTML 200)', () => {
    let html: Awaited<ReturnType<typeof startHtmlServer>>
    beforeAll(async () => {
      html = await startHtmlServer()
    })
    afterAll(() => html.close())

    it('says so when listing, testing the connection and uploading, instead of an empty list', async () => {
      const stateDir = join(tmp.dir, 'html-state')
      const main = createHeadlessMain({ stateDir, enginePath })
      try {
        const saved = await main.dispatch('connections:save', {
          name: 'portal',
          endpoint: html.endpoint,
          pathStyle: true,
          accessKeyId: 'AKIDEXAMPLE',
          secretAccessKey: 'not-used-0000000000000000000000000000000',
        })
        if (!saved.ok) throw new Error(saved.error.message)
        const connectionId = (saved.value as ConnectionSummary).id
        const notS3 = /this is not an S3 endpoint: http:\/\/127\.0\.0\.1:\d+ answered with an HTML page/
        for (const [channel, payload] of [
          ['objects:list', { connectionId, bucket: 'photos', prefix: '' }],
          ['buckets:list', { connectionId }],
          ['connections:test', { connectionId }],
        ] as const) {
          const answer = await main.dispatch(channel, payload)
          expect(answer.ok, channel).toBe(false)
          if (!answer.ok) expectClearError(answer.error, 'not-s3', notS3)
        }
        const upload = await main.dispatch('transfers:upload', {
          connectionId,
          bucket: 'photos',
          paths: [small],
        })
        if (!upload.ok) throw new Error(upload.error.message)
        const id = (upload.value as TransferSummary[])[0]!.id
        const result = await main.core.transfers.waitFor(id)
        expect(result.summary.state).toBe('failed')
        expectClearError(result.summary.error, 'not-s3', notS3)
        expect(html.requests()).toBeGreaterThan(0)
        expectJournalsReadable(join(stateDir, 'transfers'))
      } finally {
        await main.close()
      }
    })

    it('the same through the engine directly, for a multipart upload', async () => {
      const portal: EngineConnection = { ...connection, endpoint: html.endpoint }
      const summary = await failedRun({ connection: portal, bucket, key: 'portal.bin', paths: [twelve] })
      expect(summary.state).toBe('failed')
      expectClearError(summary.error, 'not-s3', /this is not an S3 endpoint/)
      await afterwards(['portal.bin'])
    })
  })
})
