// Medians per scenario and contender, ratios against lib-storage and aws-cli, the targets of
// each scenario (pass/fail; thresholds in targets.mjs), and the table printed on stdout.
import { GiB, MiB } from './bench-data.mjs'
import { notSupported } from './run-ops.mjs'
import { median } from './stats.mjs'
import {
  DOWNLOAD_FILE_VS_PEER,
  rcloneAndFloorTargets,
  RSS_BASE_MIB,
  SMALL_FILES_VS_AWS,
  STUB_CPU_VS_LIB,
  STUB_THROUGHPUT_VS_LIB,
} from './targets.mjs'

export { median }

/** Figures of one run, derived from what measure.py reported. */
export function figures(scenario, m) {
  const cpuS = m.cpuUserS + m.cpuSysS
  const gib = scenario.bytes / GiB
  return {
    wallS: m.wallS,
    throughput: scenario.kind === 'folder' ? scenario.count / m.wallS : scenario.bytes / MiB / m.wallS,
    cpuS,
    cpuPerGiB: cpuS / gib,
    cpuMsPerFile: scenario.kind === 'folder' ? (cpuS * 1000) / scenario.count : undefined,
    maxRssMiB: m.maxRssKiB / 1024,
    treeRssMiB: m.treeRssPeakKiB / 1024,
  }
}

export function summarize(scenarios, contenders, runs) {
  const rows = []
  for (const scenario of scenarios) {
    for (const name of contenders) {
      const mine = runs.filter((r) => r.scenario === scenario.id && r.contender === name)
      if (mine.length === 0) continue
      const good = mine.filter((r) => r.ok && r.problems.length === 0)
      const pick = (k) => median(good.map((r) => r.figures[k]))
      rows.push({
        scenario: scenario.id,
        contender: name,
        runs: mine.length,
        good: good.length,
        wallS: pick('wallS'),
        throughput: pick('throughput'),
        unit: scenario.kind === 'folder' ? 'files/s' : 'MiB/s',
        cpuS: pick('cpuS'),
        cpuPerGiB: pick('cpuPerGiB'),
        cpuMsPerFile: pick('cpuMsPerFile'),
        maxRssMiB: pick('maxRssMiB'),
        maxRssMiBWorst: Math.max(...good.map((r) => r.figures.maxRssMiB)),
        treeRssMiB: pick('treeRssMiB'),
        serverCpuS: median(good.map((r) => r.serverCpuS)),
        neighboursCpuS: median(good.map((r) => r.neighboursCpuS)),
        noisy: good.filter((r) => r.noisy).length,
        problems: [...new Set(mine.flatMap((r) => (r.ok ? r.problems : [r.failure])))],
      })
    }
  }
  const good = (r) => r.ok && r.problems.length === 0
  for (const row of rows) {
    for (const [base, tag] of [
      ['lib-storage', 'Lib'],
      ['aws-cli', 'Aws'],
    ]) {
      const ref = rows.find((r) => r.scenario === row.scenario && r.contender === base)
      row[`thrVs${tag}`] = ref ? row.throughput / ref.throughput : NaN
      row[`cpuVs${tag}`] = ref ? row.cpuPerGiB / ref.cpuPerGiB : NaN
      // Paired: the ratio within each round (runs minutes apart, under similar load), then the median.
      const pairs = runs
        .filter((r) => r.scenario === row.scenario && r.contender === row.contender && good(r))
        .map((r) => [
          r,
          runs.find(
            (o) => o.scenario === r.scenario && o.round === r.round && o.contender === base && good(o),
          ),
        ])
        .filter(([, o]) => o)
      row[`pairedThrVs${tag}`] = median(pairs.map(([r, o]) => r.figures.throughput / o.figures.throughput))
      row[`pairedCpuVs${tag}`] = median(pairs.map(([r, o]) => r.figures.cpuPerGiB / o.figures.cpuPerGiB))
    }
  }
  return rows
}

/** "(a) stub-1GiB": a target names its scenario by letter and id. */
const label = (s) => `(${s.letter}) ${s.id}`

export function evaluateTargets(scenarios, rows, runs, settings) {
  const targets = []
  const row = (scenario, contender) => rows.find((r) => r.scenario === scenario && r.contender === contender)
  const stub = scenarios.find((s) => s.target === 'stub' && s.kind === 'file' && !s.large)
  if (stub) {
    const f = row(stub.id, 'ferry')
    const l = row(stub.id, 'lib-storage')
    const ferryRuns = runs.filter((r) => r.scenario === stub.id && r.contender === 'ferry')
    targets.push({
      id: 'stub-throughput',
      text: `${label(stub)}: Ferry throughput >= ${STUB_THROUGHPUT_VS_LIB}x lib-storage's`,
      measured:
        f && l
          ? `${fmt(f.thrVsLib, 2)}x (${fmt(f.throughput, 0)} vs ${fmt(l.throughput, 0)} MiB/s; per-round ratios' median ${fmt(f.pairedThrVsLib, 2)}x)`
          : 'n/a',
      pass: f && l && f.good > 0 && l.good > 0 ? f.thrVsLib >= STUB_THROUGHPUT_VS_LIB : null,
    })
    targets.push({
      id: 'stub-cpu',
      text: `${label(stub)}: Ferry CPU per GiB <= ${STUB_CPU_VS_LIB}x lib-storage's`,
      measured:
        f && l
          ? `${fmt(f.cpuVsLib, 2)}x (${fmt(f.cpuPerGiB, 2)} vs ${fmt(l.cpuPerGiB, 2)} CPU-s/GiB; per-round ratios' median ${fmt(f.pairedCpuVsLib, 2)}x)`
          : 'n/a',
      pass: f && l && f.good > 0 && l.good > 0 ? f.cpuVsLib <= STUB_CPU_VS_LIB : null,
    })
    const verified = ferryRuns.filter(
      (r) => r.ok && r.claims && r.claims.summaries > 0 && r.claims.verified === r.claims.summaries,
    )
    targets.push({
      id: 'stub-verified',
      text: `${label(stub)}: Ferry verifies end to end (summary verified: true, object checked by the runner)`,
      measured: `${verified.length}/${ferryRuns.length} runs verified${ferryRuns[0]?.claims?.methods?.length ? ` (${ferryRuns[0].claims.methods.join(', ')})` : ''}`,
      pass: ferryRuns.length > 0 ? verified.length === ferryRuns.length && f?.problems.length === 0 : null,
    })
  }
  const limitMiB = RSS_BASE_MIB + (settings.concurrency * settings.partSize) / MiB
  for (const s of scenarios.filter((x) => x.kind === 'file' && x.op === 'upload')) {
    const f = row(s.id, 'ferry')
    targets.push({
      id: `rss-${s.id}`,
      text: `${label(s)}: Ferry peak RSS (largest process, worst run) < ${RSS_BASE_MIB} MiB + ${settings.concurrency} x ${settings.partSize / MiB} MiB = ${limitMiB} MiB`,
      measured:
        f && f.good > 0 ? `${fmt(f.maxRssMiBWorst, 0)} MiB (tree sum ${fmt(f.treeRssMiB, 0)} MiB)` : 'n/a',
      pass: f && f.good > 0 ? f.maxRssMiBWorst < limitMiB : null,
    })
  }
  // The small-files target is on radosgw (c); the stub (e) only shows the client's ceiling.
  const small = scenarios.find((s) => s.kind === 'folder' && s.target === 'radosgw' && s.op === 'upload')
  if (small) {
    const f = row(small.id, 'ferry')
    const a = row(small.id, 'aws-cli')
    targets.push({
      id: 'small-files',
      text: `${label(small)}: Ferry files/s >= ${SMALL_FILES_VS_AWS}x aws-cli's (aws s3 cp --recursive)`,
      measured:
        f && a
          ? `${fmt(f.thrVsAws, 2)}x (${fmt(f.throughput, 0)} vs ${fmt(a.throughput, 0)} files/s; per-round ratios' median ${fmt(f.pairedThrVsAws, 2)}x)`
          : 'n/a',
      pass: f && a && f.good > 0 && a.good > 0 ? f.thrVsAws >= SMALL_FILES_VS_AWS : null,
    })
  }
  targets.push(...fetchTargets(scenarios, rows, runs))
  targets.push(...rcloneAndFloorTargets(scenarios, rows, runs))
  return targets
}

/** The peers the download and sync targets compare Ferry with. */
const PEERS = ['aws-cli', 'rclone']

/**
 * Targets of the downloads and the sync: Ferry against the best of aws-cli and rclone, by the
 * medians, and paired (within each round, Ferry against the best peer of that round).
 */
function fetchTargets(scenarios, rows, runs) {
  const targets = []
  const good = (r) => r.ok && r.problems.length === 0
  for (const s of scenarios.filter((x) => x.op === 'download' || x.op === 'sync')) {
    const f = rows.find((r) => r.scenario === s.id && r.contender === 'ferry')
    const peers = rows.filter((r) => r.scenario === s.id && PEERS.includes(r.contender) && r.good > 0)
    // Throughput for downloads (higher is better), wall time for the sync (lower is better).
    const bySpeed = s.op === 'download'
    const key = bySpeed ? 'throughput' : 'wallS'
    const better = (a, b) => (bySpeed ? a > b : a < b)
    const best = peers.reduce((b, r) => (!b || better(r[key], b[key]) ? r : b), undefined)
    const factor = s.op === 'download' && s.kind === 'file' ? DOWNLOAD_FILE_VS_PEER : 1
    const perRound = [...new Set(runs.filter((r) => r.scenario === s.id).map((r) => r.round))].map(
      (round) => {
        const mine = runs.find(
          (r) => r.scenario === s.id && r.round === round && r.contender === 'ferry' && good(r),
        )
        const theirs = runs
          .filter((r) => r.scenario === s.id && r.round === round && PEERS.includes(r.contender) && good(r))
          .map((r) => r.figures[key])
        if (!mine || theirs.length === 0) return NaN
        const top = bySpeed ? Math.max(...theirs) : Math.min(...theirs)
        return mine.figures[key] / top
      },
    )
    const unit = bySpeed ? (s.unit ?? (s.kind === 'folder' ? 'files/s' : 'MiB/s')) : 's'
    const ratio = f && best ? f[key] / best[key] : NaN
    const ferryRuns = runs.filter((r) => r.scenario === s.id && r.contender === 'ferry')
    // A build without the command: no verdict either way, and the reason in a few words.
    const unsupported = ferryRuns.length > 0 && ferryRuns.every((r) => r.unsupported)
    const why = unsupported
      ? ` (${notSupported('ferry')})`
      : f && f.good === 0
        ? ` (${f.problems.join('; ')})`
        : ''
    targets.push({
      id: `${s.op}-${s.id}`,
      text: bySpeed
        ? `${label(s)}: Ferry ${s.kind === 'folder' ? 'files/s' : 'throughput'} >= ${factor === 1 ? '' : `${factor}x `}the best peer's (${(peers.length ? peers.map((r) => r.contender) : PEERS).join(', ')})`
        : `${label(s)}: Ferry's time <= the faster of aws s3 sync and rclone sync`,
      measured:
        f && f.good > 0 && best
          ? `${fmt(ratio, 2)}x (${fmt(f[key], bySpeed ? 0 : 2)} vs ${best.contender}'s ${fmt(best[key], bySpeed ? 0 : 2)} ${unit}; per-round ratios' median ${fmt(median(perRound), 2)}x)`
          : `n/a${why}`,
      pass: f && f.good > 0 && best ? (bySpeed ? ratio >= factor : ratio <= 1) : null,
    })
    if (s.op === 'download') {
      const checked = ferryRuns.filter(good)
      targets.push({
        id: `verified-${s.id}`,
        text: `${label(s)}: every Ferry download checked by the runner (size and MD5 of every file) and none reported unverified`,
        measured: unsupported
          ? `n/a${why}`
          : `${checked.length}/${ferryRuns.length} runs checked${ferryRuns[0]?.claims?.methods?.length ? ` (Ferry's method: ${ferryRuns[0].claims.methods.join(', ')})` : ''}`,
        pass: ferryRuns.length > 0 && !unsupported ? checked.length === ferryRuns.length : null,
      })
    }
  }
  return targets
}

export const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '-')

function table(headers, lines) {
  const widths = headers.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)))
  const render = (cells) =>
    cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')
  return [render(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(render)].join('\n')
}

export function renderReport(scenarios, rows, targets) {
  const out = []
  for (const s of scenarios) {
    const mine = rows.filter((r) => r.scenario === s.id)
    if (mine.length === 0) continue
    out.push(`\n${s.id}: ${s.title}`)
    const folder = s.kind === 'folder'
    const headers = [
      'contender',
      'ok',
      'wall s',
      folder ? 'files/s' : 'MiB/s',
      'CPU s',
      'CPU s/GiB',
      ...(folder ? ['CPU ms/file'] : []),
      'RSS MiB',
      'tree RSS',
      'server CPU s',
      'nbr CPU s',
      'thr/lib',
      'cpu/lib',
      'thr/aws',
      'cpu/aws',
    ]
    const lines = mine.map((r) => [
      r.contender,
      `${r.good}/${r.runs}${r.noisy ? ` (${r.noisy} noisy)` : ''}`,
      fmt(r.wallS, 2),
      fmt(r.throughput, folder ? 0 : 0),
      fmt(r.cpuS, 2),
      fmt(r.cpuPerGiB, 2),
      ...(folder ? [fmt(r.cpuMsPerFile, 2)] : []),
      fmt(r.maxRssMiB, 0),
      fmt(r.treeRssMiB, 0),
      fmt(r.serverCpuS, 2),
      fmt(r.neighboursCpuS, 1),
      fmt(r.thrVsLib, 2),
      fmt(r.cpuVsLib, 2),
      fmt(r.thrVsAws, 2),
      fmt(r.cpuVsAws, 2),
    ])
    out.push(table(headers, lines))
    for (const r of mine.filter((x) => x.problems.length > 0))
      out.push(`  ! ${r.contender}: ${r.problems.join('; ')}`)
  }
  out.push('\nTargets, by scenario:')
  for (const t of targets)
    out.push(`  ${t.pass === null ? 'n/a ' : t.pass ? 'PASS' : 'FAIL'}  ${t.text}: ${t.measured}`)
  out.push(
    '\nMedians over the rounds; a run that failed or whose object did not check out is excluded from the medians and listed with "!".',
    "CPU = user+sys of the contender's whole process tree (grandchildren included). RSS MiB = largest single process peak",
    '(for Ferry: the CLI or its engine process, whichever is larger); tree RSS = largest sampled sum over the tree.',
    'server CPU s = the S3 server (stub, or radosgw + ceph-osd + ceph-mon); nbr CPU s = everything else on the machine',
    '(neighbours on this shared machine, the runner). Runs with busy neighbours are run again (--retries, --noise-limit).',
  )
  return out.join('\n')
}
