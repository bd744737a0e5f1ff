// What `ferry stats` prints: the timing log summarized. Pure, over parsed records, but for
// reading the log itself.
import { readWholeLines } from '../journal/log-lines'
import { readTimingLines, type TimingRecord } from './queue-records'

/**
 * The timing log at `path` as it is now (none when there is no file). Read while the daemon
 * appends to it, its last line may be half written: that one is left for the next read.
 */
export function readTimingLog(path: string): TimingRecord[] {
  const read = readWholeLines(path)
  return read ? readTimingLines(read).records : []
}

export interface Spread {
  median: number
  p95: number
  max: number
}

export interface TimingStats {
  count: number
  done: number
  failed: number
  /** Bytes of the objects stored. */
  bytes: number
  /** Seconds from submission to the end (queue wait plus transfer), done objects. */
  latency: Spread
  queueWait: Spread
  transfer: Spread
  /** Unix seconds of the first start and the last finish among done objects. */
  firstStart: number | null
  lastFinish: number | null
  /** Objects and bytes per second over that span: what the daemon sustained. */
  objectsPerSecond: number
  bytesPerSecond: number
  /** Errors by code, for the failed ones. */
  errors: Record<string, number>
}

/** Nearest-rank percentile of sorted values: an observed value, never interpolated. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b)
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? 0 }
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000

export function summarizeTimings(records: readonly TimingRecord[], since?: number): TimingStats {
  const picked = since === undefined ? records : records.filter((r) => r.finished >= since)
  const done = picked.filter((r) => r.result === 'done')
  const errors: Record<string, number> = {}
  for (const r of picked)
    if (r.result === 'failed')
      errors[r.error?.code ?? 'unknown'] = (errors[r.error?.code ?? 'unknown'] ?? 0) + 1
  const bytes = done.reduce((n, r) => n + r.bytes, 0)
  // reduce, not Math.min(...): a spread of a million values overflows the stack.
  const firstStart = done.length > 0 ? done.reduce((m, r) => Math.min(m, r.started), Infinity) : null
  const lastFinish = done.length > 0 ? done.reduce((m, r) => Math.max(m, r.finished), -Infinity) : null
  const span = firstStart !== null && lastFinish !== null ? lastFinish - firstStart : 0
  return {
    count: picked.length,
    done: done.length,
    failed: picked.length - done.length,
    bytes,
    latency: spread(done.map((r) => round3(r.finished - r.submitted))),
    queueWait: spread(done.map((r) => r.queueWait)),
    transfer: spread(done.map((r) => r.transferSeconds)),
    firstStart,
    lastFinish,
    objectsPerSecond: span > 0 ? round3(done.length / span) : 0,
    bytesPerSecond: span > 0 ? Math.round(bytes / span) : 0,
    errors,
  }
}
