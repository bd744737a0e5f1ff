// The bench's targets: every threshold as a named constant, described for the JSON results
// (results-file.mjs writes TARGET_THRESHOLDS), and the targets against rclone and the large-file
// floor, computed from the medians of one run (report.mjs adds the others).
import { median } from './stats.mjs'

/** (a) Ferry's throughput on the large file to the stub, at least this times lib-storage's. */
export const STUB_THROUGHPUT_VS_LIB = 1.25
/** (a) Ferry's CPU per GiB on the large file to the stub, at most this times lib-storage's. */
export const STUB_CPU_VS_LIB = 0.8
/** Large-file uploads: the largest single process's peak RSS below this + concurrency x part size. */
export const RSS_BASE_MIB = 64
/** (c) Ferry's files/s on the small files to radosgw, at least this times aws-cli's. */
export const SMALL_FILES_VS_AWS = 2
/** (f) A large download: Ferry's throughput at least this times the best peer's. */
export const DOWNLOAD_FILE_VS_PEER = 1.25
/** (e) Small files to the stub: Ferry's files/s at least this times rclone's... */
export const SMALL_STUB_VS_RCLONE = 1.25
/** ...with Ferry's CPU per file at most this times rclone's. */
export const SMALL_STUB_CPU_VS_RCLONE = 1
/** (c) Small files to radosgw: Ferry's files/s at least this times rclone's. */
export const SMALL_RGW_VS_RCLONE = 1.1
/** Small-file uploads: Ferry's whole process tree at most this many MiB at its peak. */
export const SMALL_TREE_RSS_MIB = 100
/** Large file to the stub: Ferry's CPU-s per GiB and its wall time at most this times the floor's. */
export const LARGE_VS_FLOOR = 1.3
/** Large file to the stub: Ferry's throughput at least this times the best peer's. */
export const LARGE_VS_BEST_PEER = 1.5
/** The peers of the large-file target (the floor is no peer: it is what any client must do). */
export const LARGE_PEERS = ['rclone', 'aws-cli', 'lib-storage']
/** The targets against rclone and the floor are medians of at least this many good rounds each. */
export const MIN_ROUNDS = 3

/** Every threshold with what it bounds: written into the JSON results as `thresholds`. */
export const TARGET_THRESHOLDS = {
  STUB_THROUGHPUT_VS_LIB: {
    value: STUB_THROUGHPUT_VS_LIB,
    means: "(a) Ferry MiB/s >= value x lib-storage's",
  },
  STUB_CPU_VS_LIB: { value: STUB_CPU_VS_LIB, means: "(a) Ferry CPU-s/GiB <= value x lib-storage's" },
  RSS_BASE_MIB: {
    value: RSS_BASE_MIB,
    means: 'large uploads: Ferry largest process peak RSS (worst run) < value + concurrency x part size MiB',
  },
  SMALL_FILES_VS_AWS: { value: SMALL_FILES_VS_AWS, means: "(c) Ferry files/s >= value x aws-cli's" },
  DOWNLOAD_FILE_VS_PEER: {
    value: DOWNLOAD_FILE_VS_PEER,
    means: "(f) Ferry MiB/s >= value x the best of aws-cli's and rclone's",
  },
  SMALL_STUB_VS_RCLONE: { value: SMALL_STUB_VS_RCLONE, means: "(e) Ferry files/s >= value x rclone's" },
  SMALL_STUB_CPU_VS_RCLONE: {
    value: SMALL_STUB_CPU_VS_RCLONE,
    means: "(e) Ferry CPU ms/file <= value x rclone's",
  },
  SMALL_RGW_VS_RCLONE: { value: SMALL_RGW_VS_RCLONE, means: "(c) Ferry files/s >= value x rclone's" },
  SMALL_TREE_RSS_MIB: {
    value: SMALL_TREE_RSS_MIB,
    means: "(c, e) Ferry's whole process tree peak RSS (median over the rounds) <= value MiB",
  },
  LARGE_VS_FLOOR: {
    value: LARGE_VS_FLOOR,
    means: "(a) Ferry CPU-s/GiB <= value x the floor's, and Ferry wall s <= value x the floor's",
  },
  LARGE_VS_BEST_PEER: {
    value: LARGE_VS_BEST_PEER,
    means: `(a) Ferry MiB/s >= value x the best of ${LARGE_PEERS.join(', ')}`,
  },
  MIN_ROUNDS: {
    value: MIN_ROUNDS,
    means:
      'the targets against rclone, the tree RSS and the floor: no verdict (null) with fewer good rounds on either side',
  },
}

const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '-')
const label = (s) => `(${s.letter}) ${s.id}`
const good = (r) => r.ok && r.problems.length === 0
/** Why a measured ratio gets no verdict: fewer good rounds than the targets ask for. */
const tooFew = (rounds) =>
  rounds < MIN_ROUNDS ? `; no verdict: ${rounds} good round(s), the target asks for ${MIN_ROUNDS}` : ''

/** The median over rounds of Ferry's figure divided by `other`'s in the same round. */
function pairedRatio(runs, scenario, other, key) {
  const ratios = runs
    .filter((r) => r.scenario === scenario && r.contender === 'ferry' && good(r))
    .map((r) => {
      const o = runs.find(
        (x) => x.scenario === scenario && x.round === r.round && x.contender === other && good(x),
      )
      return o ? r.figures[key] / o.figures[key] : NaN
    })
  return median(ratios)
}

/**
 * One ratio target: Ferry's median `key` over `other`'s, at least (higher is better) or at most
 * (lower is better) `limit`. No verdict when either has no good run.
 */
function ratioTarget({ id, text, scenario, rows, runs, other, key, unit, digits, limit, atMost }) {
  const f = rows.find((r) => r.scenario === scenario.id && r.contender === 'ferry')
  const o = rows.find((r) => r.scenario === scenario.id && r.contender === other)
  const known = f && o && f.good > 0 && o.good > 0
  const ratio = known ? f[key] / o[key] : NaN
  const rounds = known ? Math.min(f.good, o.good) : 0
  return {
    id,
    text: `${label(scenario)}: ${text}`,
    threshold: limit,
    measured: known
      ? `${fmt(ratio, 2)}x (${fmt(f[key], digits)} vs ${other}'s ${fmt(o[key], digits)} ${unit}; per-round ratios' median ${fmt(pairedRatio(runs, scenario.id, other, key), 2)}x)${tooFew(rounds)}`
      : `n/a (${f?.good ? '' : 'no good Ferry run'}${!f?.good && !o?.good ? ', ' : ''}${o?.good ? '' : `no good ${other} run`})`,
    pass: known && rounds >= MIN_ROUNDS ? (atMost ? ratio <= limit : ratio >= limit) : null,
  }
}

/** The targets against rclone (small files), the tree's memory and the large-file floor. */
export function rcloneAndFloorTargets(scenarios, rows, runs) {
  const targets = []
  const folderUpload = (target) =>
    scenarios.find((s) => s.kind === 'folder' && s.op === 'upload' && s.target === target)
  const stubSmall = folderUpload('stub')
  const rgwSmall = folderUpload('radosgw')
  const common = { rows, runs, other: 'rclone' }
  if (stubSmall) {
    targets.push(
      ratioTarget({
        ...common,
        id: 'small-stub-vs-rclone',
        text: `Ferry files/s >= ${SMALL_STUB_VS_RCLONE}x rclone's`,
        scenario: stubSmall,
        key: 'throughput',
        unit: 'files/s',
        digits: 0,
        limit: SMALL_STUB_VS_RCLONE,
      }),
      ratioTarget({
        ...common,
        id: 'small-stub-cpu-vs-rclone',
        text: `Ferry CPU per file <= ${SMALL_STUB_CPU_VS_RCLONE}x rclone's`,
        scenario: stubSmall,
        key: 'cpuMsPerFile',
        unit: 'ms',
        digits: 2,
        limit: SMALL_STUB_CPU_VS_RCLONE,
        atMost: true,
      }),
    )
  }
  if (rgwSmall) {
    targets.push(
      ratioTarget({
        ...common,
        id: 'small-rgw-vs-rclone',
        text: `Ferry files/s >= ${SMALL_RGW_VS_RCLONE}x rclone's`,
        scenario: rgwSmall,
        key: 'throughput',
        unit: 'files/s',
        digits: 0,
        limit: SMALL_RGW_VS_RCLONE,
      }),
    )
  }
  for (const s of [stubSmall, rgwSmall].filter(Boolean)) {
    const f = rows.find((r) => r.scenario === s.id && r.contender === 'ferry')
    const worst = Math.max(
      ...runs
        .filter((r) => r.scenario === s.id && r.contender === 'ferry' && good(r))
        .map((r) => r.figures.treeRssMiB),
    )
    targets.push({
      id: `small-tree-rss-${s.id}`,
      text: `${label(s)}: Ferry's whole process tree peak RSS <= ${SMALL_TREE_RSS_MIB} MiB`,
      threshold: SMALL_TREE_RSS_MIB,
      measured: f?.good
        ? `${fmt(f.treeRssMiB, 0)} MiB (median; worst run ${fmt(worst, 0)} MiB)${tooFew(f.good)}`
        : 'n/a (no good Ferry run)',
      pass: f?.good >= MIN_ROUNDS ? f.treeRssMiB <= SMALL_TREE_RSS_MIB : null,
    })
  }
  const large = scenarios.find(
    (s) => s.kind === 'file' && s.op === 'upload' && s.target === 'stub' && !s.large,
  )
  if (large) {
    const floor = { ...common, other: 'floor', scenario: large, limit: LARGE_VS_FLOOR, atMost: true }
    targets.push(
      ratioTarget({
        ...floor,
        id: 'large-cpu-vs-floor',
        text: `Ferry CPU-s per GiB <= ${LARGE_VS_FLOOR}x the floor's`,
        key: 'cpuPerGiB',
        unit: 'CPU-s/GiB',
        digits: 2,
      }),
      ratioTarget({
        ...floor,
        id: 'large-wall-vs-floor',
        text: `Ferry wall time <= ${LARGE_VS_FLOOR}x the floor's`,
        key: 'wallS',
        unit: 's',
        digits: 2,
      }),
    )
    const peers = rows.filter(
      (r) => r.scenario === large.id && LARGE_PEERS.includes(r.contender) && r.good > 0,
    )
    const best = peers.reduce((b, r) => (!b || r.throughput > b.throughput ? r : b), undefined)
    targets.push(
      best
        ? ratioTarget({
            ...common,
            id: 'large-vs-best-peer',
            text: `Ferry throughput >= ${LARGE_VS_BEST_PEER}x the best peer's (${peers.map((r) => r.contender).join(', ')})`,
            scenario: large,
            other: best.contender,
            key: 'throughput',
            unit: 'MiB/s',
            digits: 0,
            limit: LARGE_VS_BEST_PEER,
          })
        : {
            id: 'large-vs-best-peer',
            text: `${label(large)}: Ferry throughput >= ${LARGE_VS_BEST_PEER}x the best peer's`,
            threshold: LARGE_VS_BEST_PEER,
            measured: 'n/a (no peer ran)',
            pass: null,
          },
    )
  }
  return targets
}
