// Errors that a retry fixes (an expired token once, a skewed clock) are not failures; errors
// that no retry fixes (access denied, a missing bucket) fail at once with cause and fix,
// without a storm of requests, and the rest of the queue carries on.
import { copyFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualSystemEvents } from '../../src/main/core/node-adapters/manual-system-events'
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy'
import { freshBucket, testClient, testConnection } from '../support/s3'
import {
  journaledParts,
  MiB,
  openUploads,
  readObject,
  tempDir,
  testManager,
  waitUntil,
  writeRandomFile,
} from './upload-support'

describe('errors under recovery', () => {
  const s3 = testClient()
  const tmp = tempDir('reserr')
  const journalDir = join(tmp.dir, 'state', 'transfers')
  let proxy: FaultProxy
  let path: string
  let bytes: Buffer

  beforeAll(async () => {
    proxy = await startFaultProxy(testConnection().endpoint, 11)
    path = join(tmp.dir, 'f.bin')
    bytes = writeRandomFile(path, 12 * MiB)
  })
  afterAll(async () => {
    await proxy.close()
    tmp.cleanup()
  })

  const upload = async (
    manager: ReturnType<typeof testManager>['manager'],
    bucket: string,
    key: string,
    connection = { ...testConnection(), endpoint: proxy.endpoint },
    concurrency = 2,
  ) => {
    const [s] = await manager.upload({
      connection,
      bucket,
      key,
      paths: [path],
      partSize: 5 * MiB,
      concurrency,
    })
    return s!.id
  }

  for (const [code, message] of [
    ['ExpiredToken', 'The provided token has expired.'],
    ['RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.'],
  ] as const) {
    it(`retries a part refused once with 400/403 ${code} and finishes`, async () => {
      const bucket = await freshBucket(s3, 'once')
      const { manager } = testManager(journalDir, { system: new ManualSystemEvents() })
      try {
        const from = proxy.log.length
        proxy.script({
          status: code === 'ExpiredToken' ? 400 : 403,
          code,
          message,
          match: (r) => r.method === 'PUT' && r.url.includes('partNumber=2'),
          // The direct first try and the SDK's first: the retry policy sees the refusal.
          times: 2,
        })
        const id = await upload(manager, bucket, 'k')
        const done = await manager.waitFor(id)
        expect(done.summary.error).toBeUndefined()
        expect(done.summary.state).toBe('done')
        expect(proxy.log.slice(from).filter((r) => r.fault === 'scripted')).toHaveLength(2)
        expect((await readObject(s3, bucket, 'k')).equals(bytes)).toBe(true)
        expect(await openUploads(s3, bucket)).toEqual([])
      } finally {
        await manager.close()
      }
    })
  }

  it('corrects a clock that a skewed answer set 20 minutes wrong, and finishes', async () => {
    const bucket = await freshBucket(s3, 'skew')
    const { manager } = testManager(journalDir, { system: new ManualSystemEvents() })
    try {
      const from = proxy.log.length
      // A first answer claims the server's clock is 20 minutes ahead: the client moves its clock
      // offset there, so its next requests are really skewed, and radosgw itself refuses them
      // (RequestTimeTooSkewed, with its own Date) until the offset is corrected back.
      // The first try of a part is a direct request (s3/direct-request.ts), which hands any
      // refusal to the SDK untouched: it gets a 500. The SDK's requests carry x-id=UploadPart;
      // the first of them gets the skewed answer, whose Date moves the SDK's clock offset.
      const partOne = (r: { method: string; url: string }) =>
        r.method === 'PUT' && r.url.includes('partNumber=1')
      proxy.script({
        status: 500,
        code: 'InternalError',
        match: (r) => partOne(r) && !r.url.includes('x-id='),
      })
      proxy.script({
        status: 403,
        code: 'RequestTimeTooSkewed',
        dateOffsetMs: 20 * 60_000,
        match: (r) => partOne(r) && r.url.includes('x-id=UploadPart'),
      })
      // One part at a time: a parallel answer's Date would correct the offset before the retry.
      const id = await upload(manager, bucket, 'skewed', undefined, 1)
      const done = await manager.waitFor(id)
      expect(done.summary.error).toBeUndefined()
      expect(done.summary.state).toBe('done')
      const refusedByServer = proxy.log.slice(from).filter((r) => !r.fault && r.status === 403).length
      console.log(
        `[errors] skew: ${refusedByServer} requests refused by radosgw for the skew before the offset was corrected`,
      )
      expect(refusedByServer).toBeGreaterThan(0)
      expect((await readObject(s3, bucket, 'skewed')).equals(bytes)).toBe(true)
      expect(await openUploads(s3, bucket)).toEqual([])
    } finally {
      await manager.close()
    }
  })

  it('fails a missing bucket and refused credentials at once, and the queue carries on', async () => {
    const bucket = await freshBucket(s3, 'perm')
    const { manager } = testManager(journalDir, { system: new ManualSystemEvents() })
    try {
      const from = proxy.log.length
      const good = await upload(manager, bucket, 'good')
      const missing = await upload(manager, `${bucket}-nope`, 'x')
      const denied = await upload(manager, bucket, 'denied', {
        ...testConnection(),
        endpoint: proxy.endpoint,
        credentials: {
          accessKeyId: 'FERRYNOSUCHKEY000000',
          secretAccessKey: 'wrong-secret-000000000000000000000000000',
        },
      })
      const started = Date.now()
      const [m, d] = await Promise.all([manager.waitFor(missing), manager.waitFor(denied)])
      const failMs = Date.now() - started
      expect(m.summary.state).toBe('failed')
      expect(m.summary.error!.code).toBe('bucket-missing')
      expect(m.summary.error!.fix.length).toBeGreaterThan(0)
      expect(d.summary.state).toBe('failed')
      expect(['invalid-credentials', 'access-denied']).toContain(d.summary.error!.code)
      // No storm: the failed transfers made a handful of requests, not a retry's worth each.
      const theirs = proxy.log
        .slice(from)
        .filter((r) => r.url.startsWith(`/${bucket}-nope`) || r.url.includes('/denied'))
      console.log(`[errors] permanent failures settled in ${failMs} ms after ${theirs.length} requests`)
      expect(theirs.length).toBeLessThanOrEqual(4)
      expect(failMs).toBeLessThan(30_000)
      const g = await manager.waitFor(good)
      expect(g.summary.state).toBe('done')
      expect((await readObject(s3, bucket, 'good')).equals(bytes)).toBe(true)
    } finally {
      await manager.close()
    }
  })

  it('fails a source deleted mid-upload with cause and fix, aborts its upload, and spares the queue', async () => {
    const bucket = await freshBucket(s3, 'gone')
    const doomed = join(tmp.dir, 'doomed.bin')
    copyFileSync(path, doomed)
    const { manager } = testManager(journalDir, { system: new ManualSystemEvents() })
    proxy.setModes({ bytesPerSecond: 8 * MiB })
    try {
      const [d] = await manager.upload({
        connection: { ...testConnection(), endpoint: proxy.endpoint },
        bucket,
        key: 'doomed',
        paths: [doomed],
        partSize: 5 * MiB,
        concurrency: 1,
      })
      const good = await upload(manager, bucket, 'good')
      await waitUntil(
        'a part is journaled',
        () => journaledParts(join(journalDir, `${d!.id}.journal`)).length >= 1,
        60_000,
      )
      rmSync(doomed)
      const from = proxy.log.length
      const r = await manager.waitFor(d!.id)
      expect(r.summary.state).toBe('failed')
      expect(r.summary.error!.code).toBe('source-missing')
      expect(r.summary.error!.message).toContain(doomed)
      expect(r.summary.error!.fix.length).toBeGreaterThan(0)
      const g = await manager.waitFor(good)
      expect(g.summary.state).toBe('done')
      // After the deletion: the parts in flight, the abort and its check; no retries.
      const after = proxy.log.slice(from).filter((x) => x.url.startsWith(`/${bucket}/doomed`)).length
      expect(after).toBeLessThanOrEqual(6)
      expect(await openUploads(s3, bucket)).toEqual([])
    } finally {
      proxy.setModes({})
      await manager.close()
    }
  })
})
