// One pure function decides whether a failed request is tried again, and when.
// Modeled on Uppy's HTTPCommunicationQueue#shouldRetry, extended with S3's own codes.

/** What is known about a failure, independent of how it was raised. */
export interface FailureFacts {
  /** HTTP status, when the server answered. */
  status?: number
  /** S3 error code (e.g. "SlowDown", "RequestTimeTooSkewed") or a Node error code (e.g. "ECONNRESET"). */
  code?: string
  /** The request was aborted because it made no progress for the idle timeout. */
  idle?: boolean
}

export interface RetryOptions {
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 20_000 }

export type RetryDecision =
  { action: 'retry'; delayMs: number; reason: RetryReason } | { action: 'fail'; reason: FailReason }

export type RetryReason = 'network' | 'idle' | 'throttled' | 'server' | 'clock-skew' | 'expired-credentials'
export type FailReason = 'permanent' | 'attempts-exhausted'

/** Codes of a failure on the way to the store: worth another attempt. */
export const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EADDRNOTAVAIL',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'NetworkingError',
  // The body arrived different from what was signed or hashed: damaged in transit, so the
  // same bytes sent again should pass (s3-errors tells the user "Ferry retries the part").
  'BadDigest',
  'XAmzContentSHA256Mismatch',
])
// Not 'AbortError': the SDK raises it only when Ferry aborts a request itself (pause,
// cancel, or the idle watchdog, which reports `idle` instead), never for a network fault.
const THROTTLE_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequests',
  'RequestLimitExceeded',
])
const SKEW_CODES = new Set(['RequestTimeTooSkewed', 'RequestExpired', 'RequestInTheFuture'])
const EXPIRED_CODES = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired'])

export function classifyFailure(f: FailureFacts): RetryReason | 'permanent' {
  if (f.idle) return 'idle'
  if (f.code !== undefined) {
    if (SKEW_CODES.has(f.code)) return 'clock-skew'
    if (EXPIRED_CODES.has(f.code)) return 'expired-credentials'
    if (THROTTLE_CODES.has(f.code)) return 'throttled'
    if (NETWORK_CODES.has(f.code)) return 'network'
  }
  if (f.status === 429 || f.status === 503) return 'throttled'
  // 501 NotImplemented: the store lacks a feature (radosgw lacks several); asking again cannot help.
  if (f.status === 501 || f.code === 'NotImplemented') return 'permanent'
  if (f.status !== undefined && f.status >= 500) return 'server'
  if (f.status === 408) return 'network'
  if (f.status === undefined && f.code === undefined) return 'network'
  return 'permanent'
}

/**
 * attempt counts the tries made so far (1 after the first failure). random is injected so
 * that tests are deterministic. Throttling backs off from a base four times larger;
 * clock skew is retried at once because the caller corrects its clock offset first.
 */
export function decideRetry(
  f: FailureFacts,
  attempt: number,
  options: RetryOptions = DEFAULT_RETRY,
  random: () => number = Math.random,
): RetryDecision {
  const reason = classifyFailure(f)
  if (reason === 'permanent') return { action: 'fail', reason: 'permanent' }
  if (attempt >= options.maxAttempts) return { action: 'fail', reason: 'attempts-exhausted' }
  if (reason === 'clock-skew' || reason === 'expired-credentials') {
    return { action: 'retry', delayMs: attempt <= 1 ? 0 : options.baseDelayMs, reason }
  }
  const base = reason === 'throttled' ? options.baseDelayMs * 4 : options.baseDelayMs
  const ceiling = Math.min(options.maxDelayMs, base * 2 ** (attempt - 1))
  // "Full jitter" (AWS Architecture Blog, Exponential Backoff And Jitter): spreads
  // retries of many parts that failed together instead of sending them in a burst.
  const delayMs = Math.round(ceiling / 2 + (random() * ceiling) / 2)
  return { action: 'retry', delayMs, reason }
}
