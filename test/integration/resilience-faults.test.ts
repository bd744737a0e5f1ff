// Uploads through a proxy that breaks things on purpose: each fault must cost time, never
// bytes. Every upload finishes byte for byte, within a bound, and no multipart upload is
// left open on the server.
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { freshBucket, testClient, testConnection } from '../support/s3'
import type { FaultModes, FaultProxy } from '../support/fault-proxy'
import { faultBench } from './fault-bench'
import { journaledParts, MiB, openUploads, readObject, testManager, waitUntil } from './upload-support'

const IDLE_MS = 2000
const SIZES = [1 * MiB, 12 * MiB, 30 * MiB]

describe('uploads under injected faults', () => {
  const s3 = testClient()
  const bench = faultBench('faults', { sizes: SIZES, seed: 20261121, idleMs: IDLE_MS })
  const { journalDir, files } = bench
  let proxy: FaultProxy
  beforeAll(() => {
    proxy = bench.proxy()
  })

  /** Uploads every file through the proxy; returns the bucket and the time it took. */
  async function uploadAll(label: string, during?: (ids: string[]) => Promise<void>) {
    const bucket = await freshBucket(s3, label)
    const { manager } = testManager(journalDir)
    const started = Date.now()
    const from = proxy.log.length
    try {
      const ids: string[] = []
      for (const f of files) {
        const [s] = await manager.upload({
          connection: { ...testConnection(), endpoint: proxy.endpoint },
          bucket,
          key: `k-${f.bytes.length}`,
          paths: [f.path],
          partSize: 5 * MiB,
          concurrency: 3,
        })
        ids.push(s!.id)
      }
      await during?.(ids)
      const results = await Promise.all(ids.map((id) => manager.waitFor(id)))
      const ms = Date.now() - started
      for (const [i, r] of results.entries()) {
        expect(r.summary.error, `${files[i]!.path}: ${JSON.stringify(r.summary.error)}`).toBeUndefined()
        expect(r.summary.state).toBe('done')
        expect(r.summary.verification?.verified).toBe(true)
      }
      for (const f of files) {
        expect((await readObject(s3, bucket, `k-${f.bytes.length}`)).equals(f.bytes)).toBe(true)
      }
      // Should one stay open, the faults that met the upload requests say how it got lost.
      const uploadFaults = proxy.log
        .slice(from)
        .filter((r) => r.fault && /[?&](uploads|uploadId)/.test(r.url))
        .map((r) => `${r.method} ${r.url} ${r.fault}`)
      expect(await openUploads(s3, bucket), uploadFaults.join('\n')).toEqual([])
      return { bucket, ms, ids }
    } finally {
      await manager.close()
    }
  }

  const faults: [string, FaultModes][] = [
    ['connections reset mid-body', { reset: 0.3 }],
    ['500 InternalError answers', { error500: 0.25 }],
    ['503 SlowDown answers', { slowDown: 0.25 }],
    ['answers stalled past the idle timeout', { stall: 0.3, stallMs: IDLE_MS * 3 }],
  ]

  let baseline = 0
  it('a fault-free run through the proxy (the baseline)', async () => {
    proxy.setModes({})
    const { ms } = await uploadAll('base')
    baseline = ms
    console.log(`[faults] baseline: ${ms} ms`)
  })

  for (const [name, modes] of faults) {
    it(`finish byte for byte with ${name}`, async () => {
      proxy.setModes(modes)
      const from = proxy.log.length
      try {
        const { ms } = await uploadAll(name.split(' ')[0]!.slice(0, 8))
        const injected = proxy.log.slice(from).filter((r) => r.fault).length
        console.log(`[faults] ${name}: ${ms} ms (baseline ${baseline} ms), ${injected} faults injected`)
        // The fault really happened, and cost a bounded time.
        expect(injected).toBeGreaterThan(0)
        expect(ms).toBeLessThan(90_000)
      } finally {
        proxy.setModes({})
      }
    })
  }

  it('aborts the upload a Create started when its answer was lost, even when the search for it stalls', async () => {
    proxy.setModes({})
    const from = proxy.log.length
    // The server creates the upload, but its answer is held past the idle timeout: the client
    // retries and gets a second upload id; the first must not stay open on the server.
    proxy.script({
      status: 200,
      code: 'held',
      holdMs: IDLE_MS * 3,
      match: (r) => r.method === 'POST' && /[?&]uploads(&|=|$)/.test(r.url),
    })
    // The same network then loses the answer to the listing that looks for the lost upload:
    // the sweep must try again rather than give up and leave it.
    proxy.script({
      status: 200,
      code: 'held',
      holdMs: IDLE_MS * 3,
      match: (r) => r.method === 'GET' && /[?&]uploads(&|=|$)/.test(r.url),
    })
    await uploadAll('lostcreate')
    expect(proxy.log.slice(from).filter((r) => r.fault === 'stall')).toHaveLength(2)
  })

  it('carries on by itself after a blackout that hangs every connection', async () => {
    proxy.setModes({})
    const from = proxy.log.length
    let blackoutEnd = 0
    const { ms } = await uploadAll('blackout', async (ids) => {
      const journal = join(journalDir, `${ids[2]}.journal`)
      await waitUntil(
        'a part of the large file is journaled',
        () => journaledParts(journal).length >= 1,
        60_000,
      )
      await proxy.blackout(6000)
      blackoutEnd = Date.now()
    })
    const hung = proxy.log.slice(from).filter((r) => r.fault === 'blackout').length
    // The first request the server answered after the blackout: how long a dead link went unnoticed.
    const firstAfter = proxy.log.slice(from).find((r) => r.at >= blackoutEnd && r.status !== undefined)
    console.log(
      `[faults] blackout 6 s: ${ms} ms total, ${hung} requests hung, first answered request ${
        firstAfter ? firstAfter.at - blackoutEnd : -1
      } ms after the link came back`,
    )
    expect(firstAfter).toBeDefined()
    expect(ms).toBeLessThan(90_000)
  })
})
