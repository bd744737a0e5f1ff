import { stateDirFrom } from '../../main/core/transfers/state-dir'
import { daemonPaths } from '../../main/daemon/daemon-paths'
import {
  readTimingLog,
  summarizeTimings,
  type Spread,
  type TimingStats,
} from '../../main/daemon/timing-stats'
import { formatBytes, parseDuration } from '../../shared/sizes'
import { EXIT_OK, type CliCommand } from '../command'
import { writeJson } from '../output'

const secs = (n: number): string => (n < 10 ? `${n.toFixed(3)} s` : `${n.toFixed(1)} s`)
const spreadLine = (s: Spread): string => `median ${secs(s.median)}, p95 ${secs(s.p95)}, max ${secs(s.max)}`

function table(stats: TimingStats, path: string): string {
  if (stats.count === 0) return `no objects in ${path} yet\n`
  const span =
    stats.firstStart !== null && stats.lastFinish !== null ? stats.lastFinish - stats.firstStart : 0
  const lines = [
    ['objects', `${stats.count} (${stats.done} stored, ${stats.failed} failed)`],
    ['bytes', formatBytes(stats.bytes)],
    ['latency', `${spreadLine(stats.latency)} (submitted to stored)`],
    ['queue wait', spreadLine(stats.queueWait)],
    ['transfer', spreadLine(stats.transfer)],
    [
      'throughput',
      `${stats.objectsPerSecond.toFixed(1)} objects/s, ${formatBytes(stats.bytesPerSecond)}/s (over ${secs(span)}, first start to last finish)`,
    ],
  ]
  const errors = Object.entries(stats.errors)
  if (errors.length > 0) lines.push(['errors', errors.map(([code, n]) => `${code} ${n}`).join(', ')])
  return lines.map(([k, v]) => `${k!.padEnd(11)} ${v}\n`).join('')
}

export const command: CliCommand = {
  name: 'stats',
  summary: "Summarize the daemon's timing log: objects, bytes, latency, throughput",
  synopsis: ['ferry stats'],
  description:
    'Reads the timing log the daemon keeps in the state folder (one line per object it ' +
    'finished) and prints how many objects and bytes were stored or failed, the median, p95 and ' +
    'maximum of latency (submitted to stored), queue wait and transfer time, the throughput, ' +
    'and the errors by code. Works whether the daemon runs or not.',
  options: {
    since: {
      type: 'string',
      value: 'DURATION',
      help: 'Only objects finished in this last stretch of time: 90s, 15m, 24h or 7d.',
      byDefault: 'the whole log',
    },
    json: { type: 'boolean', help: 'Print the figures as one JSON object.' },
  },
  examples: [{ command: 'ferry stats --since 1h', meaning: 'Figures for the last hour.' }],
  async run(ctx) {
    const { values, env } = ctx
    const path = daemonPaths(stateDirFrom(env)).timings
    const since =
      typeof values['since'] === 'string'
        ? Date.now() / 1000 - parseDuration(values['since'], '--since')
        : undefined
    const stats = summarizeTimings(readTimingLog(path), since)
    if (values['json'] === true) writeJson(ctx.stdout, { log: path, ...stats }, env)
    else ctx.stdout.write(table(stats, path))
    return EXIT_OK
  },
}
