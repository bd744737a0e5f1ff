// The fault matrix: the same three uploads (1, 12 and 30 MiB, through a 32 MiB/s uplink)
// under each fault the resilience issue names, against the real radosgw, with the
// transfer manager set up as the app sets it up (it carries on by itself). Prints, per
// fault: uploads attempted, finished, byte-identical, requests repeated, bytes re-sent, and
// the time over the fault-free run, as a Markdown table.
//
//   FERRY_FIGURES=1 npx vitest run --project figures     (npm run figures:faults)
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualSystemEvents } from '../../src/main/core/node-adapters/manual-system-events'
import { faultBench } from '../integration/fault-bench'
import type { FaultModes, FaultProxy, ProxiedRequest } from '../support/fault-proxy'
import { freshBucket, testClient, testConnection } from '../support/s3'
import {
  journaledParts,
  MiB,
  openUploads,
  readObject,
  testManager,
  waitUntil,
} from '../integration/upload-support'

const IDLE_MS = 2000
const PART = 5 * MiB
const SIZES = [1 * MiB, 12 * MiB, 30 * MiB]
const ROW_TIMEOUT_MS = 180_000

interface Row {
  fault: string
  attempted: number
  finished: number
  identical: number
  repeated: number
  resentBytes: number
  openUploads: number
  ms: number
}

type During = (ctx: {
  ids: string[]
  engines: { pid?: number | undefined }[]
  /** Some upload has not finished yet. */
  running: () => boolean
}) => Promise<void>

describe('fault matrix', () => {
  const s3 = testClient()
  const bench = faultBench('matrix', { sizes: SIZES, seed: 424242, idleMs: IDLE_MS })
  const { journalDir, files } = bench
  const rows: Row[] = []
  let proxy: FaultProxy
  beforeAll(() => {
    proxy = bench.proxy()
  })
  afterAll(() => {
    // The fault-free run repeats a few requests on purpose (a HEAD before and after, and the
    // 1 MiB file's conditional-PUT probe): the table shows what each fault added to that.
    const base = rows[0] ?? { ms: 1, repeated: 0, resentBytes: 0 }
    const lines = [
      '| fault | uploads | finished | byte-identical | requests retried | bytes re-sent | open uploads left | time vs fault-free |',
      '| --- | --: | --: | --: | --: | --: | --: | --: |',
      ...rows.map(
        (r) =>
          `| ${r.fault} | ${r.attempted} | ${r.finished} | ${r.identical} | ${r.repeated - base.repeated} | ${((r.resentBytes - base.resentBytes) / MiB).toFixed(1)} MiB | ${r.openUploads} | ${(r.ms / base.ms).toFixed(2)}x (${(r.ms / 1000).toFixed(1)} s) |`,
      ),
    ]
    console.log(`\n${lines.join('\n')}\n`)
  })

  /** Bytes of the body a data request carries: a part (by its number) or a whole single PUT. */
  function bodyBytes(r: ProxiedRequest, bucket: string): number {
    const file = files.find((f) => r.url.split('?')[0] === `/${bucket}/k-${f.bytes.length}`)
    if (!file || r.method !== 'PUT') return 0
    const n = /[?&]partNumber=(\d+)/.exec(r.url)
    if (!n) return file.bytes.length
    return Math.min(PART, file.bytes.length - (Number(n[1]) - 1) * PART)
  }

  async function row(fault: string, modes: FaultModes, during?: During): Promise<Row> {
    const bucket = await freshBucket(s3, 'matrix')
    proxy.setModes({ bytesPerSecond: 32 * MiB, ...modes })
    const { manager, engines } = testManager(journalDir, {
      system: new ManualSystemEvents(),
      restartLimit: { max: 10, windowMs: 60_000 },
    })
    const from = proxy.log.length
    const started = Date.now()
    const ids: string[] = []
    let finished: number
    try {
      for (const f of files) {
        const [s] = await manager.upload({
          connection: { ...testConnection(), endpoint: proxy.endpoint },
          bucket,
          key: `k-${f.bytes.length}`,
          paths: [f.path],
          partSize: PART,
          concurrency: 3,
        })
        ids.push(s!.id)
      }
      await during?.({
        ids,
        engines,
        running: () => ids.some((id) => manager.get(id)?.state !== 'done'),
      })
      const results = await Promise.race([
        Promise.all(ids.map((id) => manager.waitFor(id))),
        new Promise<[]>((r) => setTimeout(() => r([]), ROW_TIMEOUT_MS).unref()),
      ])
      finished = results.filter((r) => r.summary.state === 'done').length
    } finally {
      proxy.setModes({})
      await manager.close()
    }
    const ms = Date.now() - started
    let identical = 0
    for (const f of files) {
      const got = await readObject(s3, bucket, `k-${f.bytes.length}`).catch(() => undefined)
      if (got?.equals(f.bytes)) identical++
    }
    const seen = new Map<string, number>()
    let repeated = 0
    let resentBytes = 0
    for (const r of proxy.log.slice(from)) {
      if (!r.url.startsWith(`/${bucket}/`)) continue
      const key = `${r.method} ${r.url}`
      const count = (seen.get(key) ?? 0) + 1
      seen.set(key, count)
      if (count > 1) {
        repeated++
        resentBytes += bodyBytes(r, bucket)
      }
    }
    const result: Row = {
      fault,
      attempted: files.length,
      finished,
      identical,
      repeated,
      resentBytes,
      openUploads: (await openUploads(s3, bucket)).length,
      ms,
    }
    rows.push(result)
    console.log(`[matrix] ${JSON.stringify(result)}`)
    return result
  }

  const largeJournaled = (ids: string[], n: number) => () =>
    journaledParts(join(journalDir, `${ids[2]}.journal`)).length >= n

  const cases: [string, FaultModes, During?][] = [
    ['none (baseline)', {}],
    ['connections reset mid-body (30%)', { reset: 0.3 }],
    ['500 InternalError (25%)', { error500: 0.25 }],
    ['503 SlowDown (25%)', { slowDown: 0.25 }],
    ['answers stalled past the idle timeout (trickle, 30%)', { stall: 0.3, stallMs: IDLE_MS * 3 }],
    [
      'blackout: every connection hangs 6 s (sleep/wake, network drop)',
      {},
      async ({ ids }) => {
        await waitUntil('a part is journaled', largeJournaled(ids, 1), 60_000)
        await proxy.blackout(6000)
      },
    ],
    [
      'expired token, three parts refused',
      {},
      async () => {
        proxy.script({
          status: 400,
          code: 'ExpiredToken',
          times: 3,
          match: (r) => r.url.includes('partNumber='),
        })
      },
    ],
    [
      'clock skew: a server Date 20 min ahead',
      {},
      async () => {
        // The direct first try hands any refusal back (a 500 here); the SDK's try (x-id=UploadPart)
        // gets the skewed Date, which moves its clock offset.
        proxy.script({
          status: 500,
          code: 'InternalError',
          match: (r) => r.url.includes('partNumber=1') && !r.url.includes('x-id='),
        })
        proxy.script({
          status: 403,
          code: 'RequestTimeTooSkewed',
          dateOffsetMs: 20 * 60_000,
          match: (r) => r.url.includes('partNumber=1') && r.url.includes('x-id=UploadPart'),
        })
      },
    ],
    [
      'engine killed with -9, twice',
      {},
      async ({ ids, engines, running }) => {
        for (const n of [1, 3]) {
          const count = engines.length
          await waitUntil(`${n} parts are journaled`, largeJournaled(ids, n), 60_000)
          if (!running()) return
          process.kill(engines.at(-1)!.pid!, 'SIGKILL')
          await waitUntil('the engine is restarted', () => engines.length > count, 60_000)
        }
      },
    ],
  ]

  for (const [name, modes, during] of cases) {
    it(name, async () => {
      const r = await row(name, modes, during)
      expect(r.finished).toBe(r.attempted)
      expect(r.identical).toBe(r.attempted)
      expect(r.openUploads).toBe(0)
    })
  }
})
