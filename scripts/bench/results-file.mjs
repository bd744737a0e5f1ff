// The JSON file of a bench run: bench-results/<time>.json (git-ignored), with the command line,
// the machine, every contender's version, the settings, the summary, the targets' thresholds,
// the targets and every run.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO } from './servers.mjs'
import { TARGET_THRESHOLDS } from './targets.mjs'

/** Writes the file; returns its path. */
export function writeResults({
  quick,
  machine,
  versions,
  settings,
  scenarios,
  rows,
  targets,
  runs,
  stoppedEarly,
}) {
  const resultsDir = join(REPO, 'bench-results')
  mkdirSync(resultsDir, { recursive: true })
  const stamp = new Date()
    .toISOString()
    .replaceAll(':', '-')
    .replace(/\.\d+Z$/, 'Z')
  const path = join(resultsDir, `${stamp}${quick ? '-quick' : ''}.json`)
  writeFileSync(
    path,
    `${JSON.stringify(
      {
        command: `node scripts/bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
        startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
        // Why the bench ended before its last run (its runs so far are below), if it did.
        ...(stoppedEarly ? { stoppedEarly } : {}),
        machine,
        versions,
        settings,
        scenarios: scenarios.map(({ letter, id, title, target, op, kind, bytes, count }) => ({
          letter,
          id,
          title,
          target,
          op,
          kind,
          bytes,
          count,
        })),
        measures: {
          cpu: 'user+sys seconds of the whole process tree (getrusage RUSAGE_CHILDREN under a child subreaper)',
          maxRss: 'largest peak RSS of any single process in the tree (ru_maxrss)',
          treeRss: 'largest sum of RSS over the tree, sampled every 100 ms from /proc',
          wall: 'spawn to exit of the command itself',
          stubCpu: "the stub's own CPU during the run (not counted as client CPU)",
          othersCpu:
            'CPU seconds the rest of the machine used during the run (neighbours; radosgw/ceph-osd in b and c)',
        },
        summary: rows,
        thresholds: TARGET_THRESHOLDS,
        targets,
        runs,
      },
      null,
      2,
    )}\n`,
  )
  return path
}
