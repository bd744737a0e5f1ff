// The one retry loop. Whether a failure is tried again, and when, is the pure policy in
// shared/retry-policy; this loop applies it to one request at a time (each part retries on
// its own, so one flaky part does not restart the others) and stays abortable throughout.
import type { S3Client } from '@aws-sdk/client-s3'
import { FerryError } from '../../shared/errors'
import {
  decideRetry,
  DEFAULT_RETRY,
  type FailureFacts,
  type RetryOptions,
  type RetryReason,
} from '../../shared/retry-policy'
import { failureFacts, toFerryError, type S3ErrorContext } from './s3-errors'
import { isStop, sleep, throwIfStopped } from './stop-signal'

export interface RetryInfo {
  reason: RetryReason
  attempt: number
  delayMs: number
  error: unknown
}

export interface RetryLoopOptions {
  signal?: AbortSignal | undefined
  /**
   * How an abort of `signal` ends the loop. 'stop' (the engine's runs): the StopReason
   * sentinel, checked before every attempt and after every await, so a paused transfer never
   * reports a network failure it caused itself. 'error' (the default; object operations,
   * downloads): the failure the abort caused, as the request raised it, or the signal's
   * reason when the abort came during a wait.
   */
  abort?: 'stop' | 'error'
  policy?: RetryOptions | undefined
  /** What the policy reads of a failure; S3's error fields by default. */
  facts?: (e: unknown) => FailureFacts
  /** What to throw when the policy gives up; the failure itself by default. */
  giveUp?: (e: unknown) => unknown
  /**
   * A count of the work done so far (bytes received). When it moved since the last failure,
   * the attempts start again at 1: a flaky link that keeps moving is not a dead one.
   */
  progress?: () => number
  onRetry?: ((info: RetryInfo) => void) | undefined
}

/**
 * Runs `attempt` until it resolves, the policy gives up, or the signal stops it. A FerryError
 * or a StopReason is already a verdict: it is thrown at once, never retried.
 */
export async function retryLoop<T>(
  attempt: (signal: AbortSignal | undefined) => Promise<T>,
  options: RetryLoopOptions = {},
): Promise<T> {
  const { signal } = options
  const stopMode = options.abort === 'stop'
  const checkStop = () => {
    if (stopMode && signal) throwIfStopped(signal)
  }
  let count = 0
  let markAtFailure: number | undefined
  for (;;) {
    checkStop()
    try {
      return await attempt(signal)
    } catch (e) {
      checkStop()
      if (signal?.aborted) throw e
      if (isStop(e) || e instanceof FerryError) throw e
      const mark = options.progress?.()
      count = mark !== undefined && mark !== markAtFailure ? 1 : count + 1
      markAtFailure = mark
      const decision = decideRetry((options.facts ?? failureFacts)(e), count, options.policy ?? DEFAULT_RETRY)
      if (decision.action === 'fail') throw options.giveUp ? options.giveUp(e) : e
      options.onRetry?.({ reason: decision.reason, attempt: count, delayMs: decision.delayMs, error: e })
      try {
        await sleep(decision.delayMs, signal)
      } catch (stopped) {
        checkStop()
        throw stopped
      }
    }
  }
}

export interface RetryContext {
  signal: AbortSignal
  client: S3Client
  where: S3ErrorContext
  options?: RetryOptions
  onRetry?: (info: RetryInfo) => void
}

/**
 * RequestTimeTooSkewed: the SDK usually moves the client's systemClockOffset to the server's
 * Date on its own; where it did not (no Date header sampled), do it here so the retry is
 * signed with the server's idea of now.
 */
export function correctClockSkew(client: S3Client, e: unknown): void {
  const err = e as {
    ServerTime?: string
    $metadata?: { clockSkewCorrected?: boolean }
    $response?: { headers?: Record<string, string> }
  }
  if (err.$metadata?.clockSkewCorrected) return
  const serverTime = Date.parse(err.ServerTime ?? err.$response?.headers?.['date'] ?? '')
  if (Number.isNaN(serverTime)) return
  ;(client.config as { systemClockOffset?: number }).systemClockOffset = serverTime - Date.now()
}

const clockOffset = (client: S3Client): number =>
  (client.config as { systemClockOffset?: number }).systemClockOffset ?? 0

/** Skew beyond this makes S3 refuse a signature (it allows 15 minutes). */
const SKEW_LIMIT_MS = 5 * 60_000

/** One engine request: retried until it succeeds, the policy gives up (FerryError), or the transfer stops (StopReason). */
export function withRetries<T>(request: (signal: AbortSignal) => Promise<T>, ctx: RetryContext): Promise<T> {
  let offsetBefore = 0
  return retryLoop(
    () => {
      offsetBefore = clockOffset(ctx.client)
      return request(ctx.signal)
    },
    {
      signal: ctx.signal,
      abort: 'stop',
      policy: ctx.options,
      facts: (e) => {
        const facts = failureFacts(e)
        // A HEAD refused for skew is a bare 403 (no body, so no RequestTimeTooSkewed). The SDK
        // has meanwhile moved the clock offset to the server's Date: a jump that large means
        // the signature was refused for the time, not the credentials.
        if (
          facts.status === 403 &&
          facts.code === undefined &&
          Math.abs(clockOffset(ctx.client) - offsetBefore) > SKEW_LIMIT_MS
        ) {
          return { code: 'RequestTimeTooSkewed', status: 403 }
        }
        return facts
      },
      giveUp: (e) => toFerryError(e, ctx.where),
      onRetry: (info) => {
        if (info.reason === 'clock-skew') correctClockSkew(ctx.client, info.error)
        ctx.onRetry?.(info)
      },
    },
  )
}
