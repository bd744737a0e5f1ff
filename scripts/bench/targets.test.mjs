import { describe, expect, it } from 'vitest'
import { evaluateTargets, summarize } from './report.mjs'
import { allScenarios } from './scenarios.mjs'
import { median } from './stats.mjs'
import { MIN_ROUNDS, TARGET_THRESHOLDS } from './targets.mjs'

const scenarios = allScenarios({ quick: false })
const byLetter = (letters) => scenarios.filter((s) => letters.includes(s.letter))
const settings = { concurrency: 8, partSize: 8 * 1024 * 1024, rounds: 3 }

/** A good run of `contender` with these figures (what report.figures would have derived). */
const run = (scenario, contender, round, figures, extra = {}) => ({
  scenario: scenario.id,
  contender,
  round,
  ok: true,
  problems: [],
  figures: { maxRssMiB: 50, treeRssMiB: 80, ...figures },
  ...extra,
})

/** `rounds` good runs per contender, the same figures each round. */
function runsOf(scenario, figuresByContender, rounds = 3) {
  return Object.entries(figuresByContender).flatMap(([contender, figures]) =>
    Array.from({ length: rounds }, (_, i) => run(scenario, contender, i + 1, figures)),
  )
}

function verdicts(chosen, runs) {
  const names = [...new Set(runs.map((r) => r.contender))]
  const rows = summarize(chosen, names, runs)
  return Object.fromEntries(evaluateTargets(chosen, rows, runs, settings).map((t) => [t.id, t]))
}

describe('median', () => {
  it('takes the middle value, the mean of the two middle ones, and leaves out non-numbers', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([NaN, 5, undefined, Infinity, 1])).toBe(3)
    expect(median([])).toBeNaN()
  })
})

describe('the targets against rclone (small files)', () => {
  const [e] = byLetter('e')
  const [c] = byLetter('c')

  it('passes e when Ferry makes 1.25x rclone files/s with no more CPU per file, and says by how much', () => {
    const t = verdicts(
      [e],
      runsOf(e, {
        ferry: { throughput: 1300, cpuMsPerFile: 1.1, treeRssMiB: 90 },
        rclone: { throughput: 1000, cpuMsPerFile: 1.17 },
      }),
    )
    expect(t['small-stub-vs-rclone'].pass).toBe(true)
    expect(t['small-stub-vs-rclone'].measured).toMatch(/^1\.30x \(1300 vs rclone's 1000 files\/s/)
    expect(t['small-stub-cpu-vs-rclone'].pass).toBe(true)
    expect(t[`small-tree-rss-${e.id}`].pass).toBe(true)
  })

  it('fails e on throughput, CPU per file and tree memory when Ferry misses each', () => {
    const t = verdicts(
      [e],
      runsOf(e, {
        ferry: { throughput: 1200, cpuMsPerFile: 1.86, treeRssMiB: 156 },
        rclone: { throughput: 1000, cpuMsPerFile: 1.17 },
      }),
    )
    expect(t['small-stub-vs-rclone'].pass).toBe(false)
    expect(t['small-stub-cpu-vs-rclone'].pass).toBe(false)
    expect(t[`small-tree-rss-${e.id}`].pass).toBe(false)
    expect(t[`small-tree-rss-${e.id}`].measured).toMatch(/^156 MiB/)
  })

  it('passes c at 1.1x rclone and fails it below', () => {
    const at = (ferry) =>
      verdicts([c], runsOf(c, { ferry: { throughput: ferry }, rclone: { throughput: 280 } }))[
        'small-rgw-vs-rclone'
      ].pass
    expect(at(310)).toBe(true)
    expect(at(300)).toBe(false)
  })

  it('gives no verdict when rclone had no good run, or with fewer good rounds than the target asks', () => {
    const failed = runsOf(c, { ferry: { throughput: 400 }, rclone: { throughput: 280 } }).map((r) =>
      r.contender === 'rclone' ? { ...r, problems: ['the object did not check out'] } : r,
    )
    const none = verdicts([c], failed)['small-rgw-vs-rclone']
    expect(none.pass).toBeNull()
    expect(none.measured).toContain('no good rclone run')
    const few = verdicts(
      [c],
      runsOf(c, { ferry: { throughput: 400 }, rclone: { throughput: 280 } }, MIN_ROUNDS - 1),
    )['small-rgw-vs-rclone']
    expect(few.pass).toBeNull()
    expect(few.measured).toContain('no verdict')
  })
})

describe('the targets against the large-file floor and the peers', () => {
  const [a] = byLetter('a')
  const peers = {
    floor: { throughput: 400, cpuPerGiB: 2.5, wallS: 2.56 },
    rclone: { throughput: 158, cpuPerGiB: 8.38 },
    'aws-cli': { throughput: 198, cpuPerGiB: 6.02 },
    'lib-storage': { throughput: 175, cpuPerGiB: 6.11 },
  }

  it("passes a within 1.3x the floor's CPU and wall time and at 1.5x the best peer", () => {
    const t = verdicts([a], runsOf(a, { ferry: { throughput: 320, cpuPerGiB: 3.09, wallS: 3.2 }, ...peers }))
    expect(t['large-cpu-vs-floor'].pass).toBe(true)
    expect(t['large-wall-vs-floor'].pass).toBe(true)
    expect(t['large-vs-best-peer'].pass).toBe(true)
    expect(t['large-vs-best-peer'].measured).toContain("aws-cli's 198")
  })

  it('fails a when Ferry costs more than 1.3x the floor or is under 1.5x the best peer', () => {
    const t = verdicts([a], runsOf(a, { ferry: { throughput: 288, cpuPerGiB: 3.5, wallS: 3.6 }, ...peers }))
    expect(t['large-cpu-vs-floor'].pass).toBe(false)
    expect(t['large-wall-vs-floor'].pass).toBe(false)
    expect(t['large-vs-best-peer'].pass).toBe(false)
  })

  it('gives no verdict against the floor when the floor did not run', () => {
    const { floor, ...others } = peers
    expect(floor).toBeDefined()
    const t = verdicts([a], runsOf(a, { ferry: { throughput: 320, cpuPerGiB: 3, wallS: 3.2 }, ...others }))
    expect(t['large-cpu-vs-floor'].pass).toBeNull()
    expect(t['large-cpu-vs-floor'].measured).toContain('no good floor run')
  })
})

describe('the download and sync targets (f, g, h)', () => {
  const [f, g, h] = byLetter('fgh')

  it("judges f at 1.25x, g at 1x the best peer's speed and h by the faster peer's time", () => {
    const runs = [
      ...runsOf(f, {
        ferry: { throughput: 260 },
        'aws-cli': { throughput: 200 },
        rclone: { throughput: 150 },
      }),
      ...runsOf(g, {
        ferry: { throughput: 250 },
        'aws-cli': { throughput: 240 },
        rclone: { throughput: 260 },
      }),
      ...runsOf(h, { ferry: { wallS: 4 }, 'aws-cli': { wallS: 9 }, rclone: { wallS: 5 } }),
    ]
    const t = verdicts([f, g, h], runs)
    expect(t[`download-${f.id}`].pass).toBe(true)
    expect(t[`download-${g.id}`].pass).toBe(false)
    expect(t[`download-${g.id}`].measured).toContain("rclone's 260")
    expect(t[`sync-${h.id}`].pass).toBe(true)
  })
})

describe('the thresholds written into the results', () => {
  it("are the issue's numbers, each with what it bounds", () => {
    expect(TARGET_THRESHOLDS.SMALL_STUB_VS_RCLONE.value).toBe(1.25)
    expect(TARGET_THRESHOLDS.SMALL_RGW_VS_RCLONE.value).toBe(1.1)
    expect(TARGET_THRESHOLDS.SMALL_TREE_RSS_MIB.value).toBe(100)
    expect(TARGET_THRESHOLDS.LARGE_VS_FLOOR.value).toBe(1.3)
    expect(TARGET_THRESHOLDS.LARGE_VS_BEST_PEER.value).toBe(1.5)
    for (const t of Object.values(TARGET_THRESHOLDS)) expect(t.means).toMatch(/\S/)
  })
})
