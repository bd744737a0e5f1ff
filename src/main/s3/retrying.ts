// Applies the pure retry policy (shared/retry-policy) to one S3 request at a time: each part
// retries on its own, so one flaky part does not restart the others.
import type { S3Client } from '@aws-sdk/client-s3'
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

export interface RetryContext {
  signal: AbortSignal
  client: S3Client
  where: S3ErrorContext
  options?: RetryOptions
  onRetry?: (info: RetryInfo) => void
}

// BadDigest: the server computed another MD5 than the Content-MD5 sent, so the bytes were
// damaged on the way. The buffer still holds the right bytes; sending it again is the fix.
const DAMAGED_IN_TRANSIT = new Set(['BadDigest', 'XAmzContentSHA256Mismatch'])

function factsOf(e: unknown): FailureFacts {
  const facts = failureFacts(e)
  if (facts.code && DAMAGED_IN_TRANSIT.has(facts.code)) return { code: 'NetworkingError' }
  return facts
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

/** Runs one request until it succeeds, the policy gives up (FerryError), or the transfer stops (StopReason). */
export async function withRetries<T>(
  request: (signal: AbortSignal) => Promise<T>,
  ctx: RetryContext,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    throwIfStopped(ctx.signal)
    const offsetBefore = clockOffset(ctx.client)
    try {
      return await request(ctx.signal)
    } catch (e) {
      // An abort we caused (pause, cancel, a sibling part failing) is not the network's fault.
      throwIfStopped(ctx.signal)
      if (isStop(e)) throw e
      let facts = factsOf(e)
      // A HEAD refused for skew is a bare 403 (no body, so no RequestTimeTooSkewed). The SDK
      // has meanwhile moved the clock offset to the server's Date: a jump that large means
      // the signature was refused for the time, not the credentials.
      if (
        facts.status === 403 &&
        facts.code === undefined &&
        Math.abs(clockOffset(ctx.client) - offsetBefore) > SKEW_LIMIT_MS
      ) {
        facts = { code: 'RequestTimeTooSkewed', status: 403 }
      }
      const decision = decideRetry(facts, attempt, ctx.options ?? DEFAULT_RETRY)
      if (decision.action === 'fail') throw toFerryError(e, ctx.where)
      if (decision.reason === 'clock-skew') correctClockSkew(ctx.client, e)
      ctx.onRetry?.({ reason: decision.reason, attempt, delayMs: decision.delayMs, error: e })
      await sleep(decision.delayMs, ctx.signal)
    }
  }
}
