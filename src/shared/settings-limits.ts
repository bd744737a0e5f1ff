// The bounds of the numeric settings and what to say when a value crosses one: plain functions
// without zod, so the renderer's Settings form shows main's exact message without loading
// zod (whose eval probe the window's Content-Security-Policy reports as a violation).
import { KiB, MAX_CONCURRENCY, MAX_PART_SIZE, MIN_PART_SIZE, MiB } from './s3-limits'

/**
 * The slowest limit accepted. The limiter grants 64 KiB slices (fair-share.ts): at this rate a
 * slice holds the link a second, which is also how long a new limit may wait to apply; far
 * below, a part's turn would take minutes and the transfer would look stalled.
 */
export const MIN_BANDWIDTH_LIMIT = 64 * KiB
/** 10 GiB/s: above any link a desktop has; larger numbers are almost certainly a typo. */
export const MAX_BANDWIDTH_LIMIT = 10 * 1024 * MiB

export function partSizeProblem(n: number): string | undefined {
  if (!Number.isInteger(n)) return 'The part size must be a whole number of bytes.'
  if (n < MIN_PART_SIZE)
    return `The part size must be at least ${MIN_PART_SIZE / MiB} MiB, S3's smallest part; enter 5 or more.`
  if (n > MAX_PART_SIZE)
    return `The part size must be at most ${MAX_PART_SIZE / MiB} MiB (5 GiB), S3's largest part; enter 5120 or less.`
  return undefined
}

export function concurrencyProblem(n: number): string | undefined {
  if (!Number.isInteger(n)) return 'Concurrency must be a whole number.'
  if (n < 1) return 'Concurrency must be at least 1 part at a time.'
  if (n > MAX_CONCURRENCY)
    return `Concurrency must be at most ${MAX_CONCURRENCY} parts at a time; enter ${MAX_CONCURRENCY} or less.`
  return undefined
}

/** 0 is no limit. */
export function bandwidthProblem(n: number): string | undefined {
  if (!Number.isInteger(n)) return 'The bandwidth limit must be a whole number of bytes per second.'
  if (n < 0) return 'The bandwidth limit cannot be negative; enter 0 for no limit.'
  if (n > MAX_BANDWIDTH_LIMIT) return 'The bandwidth limit must be at most 10 GiB/s; enter 0 for no limit.'
  if (n > 0 && n < MIN_BANDWIDTH_LIMIT)
    return `The bandwidth limit must be at least ${MIN_BANDWIDTH_LIMIT / KiB} KiB/s; enter 0 for no limit.`
  return undefined
}
