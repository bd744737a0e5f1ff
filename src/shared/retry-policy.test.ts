import { describe, expect, it } from 'vitest'
import {
  classifyFailure,
  decideRetry,
  DEFAULT_RETRY,
  type FailureFacts,
  type RetryDecision,
} from './retry-policy'

const options = { maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 10_000 }
const fixed = (value: number) => () => value

function delayOf(decision: RetryDecision): number {
  if (decision.action !== 'retry') throw new Error(`expected a retry, got ${JSON.stringify(decision)}`)
  return decision.delayMs
}

describe('classifyFailure', () => {
  it.each<[FailureFacts, string]>([
    [{ status: 500, code: 'InternalError' }, 'server'],
    [{ status: 502 }, 'server'],
    [{ status: 504 }, 'server'],
    [{ status: 503 }, 'throttled'],
    [{ status: 503, code: 'SlowDown' }, 'throttled'],
    [{ status: 429 }, 'throttled'],
    [{ status: 400, code: 'ThrottlingException' }, 'throttled'],
    [{ code: 'ECONNRESET' }, 'network'],
    [{ code: 'EPIPE' }, 'network'],
    [{ code: 'ETIMEDOUT' }, 'network'],
    [{ code: 'TimeoutError' }, 'network'],
    [{ status: 400, code: 'RequestTimeout' }, 'network'],
    [{ status: 408 }, 'network'],
    [{ idle: true }, 'idle'],
    [{ idle: true, code: 'ECONNRESET' }, 'idle'],
    [{ status: 403, code: 'RequestTimeTooSkewed' }, 'clock-skew'],
    [{ status: 400, code: 'ExpiredToken' }, 'expired-credentials'],
    [{}, 'network'],
    [{ status: 403, code: 'AccessDenied' }, 'permanent'],
    [{ status: 403 }, 'permanent'],
    [{ status: 404, code: 'NoSuchKey' }, 'permanent'],
    [{ status: 404, code: 'NoSuchUpload' }, 'permanent'],
    [{ status: 400, code: 'InvalidArgument' }, 'permanent'],
    [{ status: 400, code: 'EntityTooSmall' }, 'permanent'],
    [{ status: 412, code: 'PreconditionFailed' }, 'permanent'],
    [{ status: 501, code: 'NotImplemented' }, 'permanent'],
    [{ status: 501 }, 'permanent'],
    [{ code: 'AbortError' }, 'permanent'],
  ])('%j is %s', (facts, expected) => {
    expect(classifyFailure(facts)).toBe(expected)
  })
})

describe('decideRetry', () => {
  it.each<FailureFacts>([
    { status: 403, code: 'AccessDenied' },
    { status: 403, code: 'InvalidAccessKeyId' },
    { status: 403, code: 'SignatureDoesNotMatch' },
    { status: 404, code: 'NoSuchBucket' },
    { status: 400, code: 'InvalidRequest' },
    { status: 400 },
    { status: 501, code: 'NotImplemented' },
  ])('fails fast on %j, on the first attempt and on later ones', (facts) => {
    for (const attempt of [1, 2, 7]) {
      expect(decideRetry(facts, attempt, options, fixed(0.5))).toEqual({
        action: 'fail',
        reason: 'permanent',
      })
    }
  })

  it.each<[FailureFacts, string]>([
    [{ status: 500 }, 'server'],
    [{ status: 502 }, 'server'],
    [{ status: 503 }, 'throttled'],
    [{ status: 429 }, 'throttled'],
    [{ status: 503, code: 'SlowDown' }, 'throttled'],
    [{ code: 'ECONNRESET' }, 'network'],
    [{ idle: true }, 'idle'],
    [{ status: 400, code: 'BadDigest' }, 'network'],
    [{ status: 400, code: 'XAmzContentSHA256Mismatch' }, 'network'],
  ])('retries %j as %s after a positive delay', (facts, reason) => {
    const decision = decideRetry(facts, 1, options, fixed(0.5))
    expect(decision).toMatchObject({ action: 'retry', reason })
    expect(delayOf(decision)).toBeGreaterThan(0)
  })

  it('waits longer on throttling than on a plain 5xx at the same attempt', () => {
    for (let attempt = 1; attempt < options.maxAttempts; attempt++) {
      for (const r of [0, 0.3, 0.999]) {
        const throttled = delayOf(decideRetry({ status: 503, code: 'SlowDown' }, attempt, options, fixed(r)))
        const server = delayOf(decideRetry({ status: 500 }, attempt, options, fixed(r)))
        if (server < options.maxDelayMs / 2) expect(throttled).toBeGreaterThan(server)
        else expect(throttled).toBeGreaterThanOrEqual(server)
      }
    }
    // The least a throttled retry waits is more than the most a 5xx retry waits, early on.
    const slowest5xx = delayOf(decideRetry({ status: 500 }, 1, options, fixed(0.999999)))
    const quickestThrottle = delayOf(decideRetry({ status: 429 }, 1, options, fixed(0)))
    expect(quickestThrottle).toBeGreaterThan(slowest5xx)
  })

  it('grows the delay with each attempt and caps it at maxDelayMs', () => {
    const wide = { maxAttempts: 50, baseDelayMs: 100, maxDelayMs: 5_000 }
    for (const facts of [{ status: 500 }, { status: 503 }, { code: 'ECONNRESET' }]) {
      let previous = 0
      let capped = false
      for (let attempt = 1; attempt < wide.maxAttempts; attempt++) {
        for (const r of [0, 0.5, 0.999999]) {
          const delay = delayOf(decideRetry(facts, attempt, wide, fixed(r)))
          expect(delay).toBeLessThanOrEqual(wide.maxDelayMs)
          expect(delay).toBeGreaterThanOrEqual(0)
        }
        const delay = delayOf(decideRetry(facts, attempt, wide, fixed(0.5)))
        expect(delay).toBeGreaterThanOrEqual(previous)
        if (!capped && attempt > 1) expect(delay).toBeGreaterThan(previous)
        if (delay >= wide.maxDelayMs * 0.75) capped = true
        previous = delay
      }
      expect(capped).toBe(true)
    }
    // Exponent overflow (attempt in the thousands) stays capped, never Infinity or NaN.
    const huge = delayOf(decideRetry({ status: 500 }, 5_000, { ...wide, maxAttempts: 10_000 }, fixed(1)))
    expect(huge).toBe(wide.maxDelayMs)
  })

  it('uses the documented exponential schedule with half-to-full jitter', () => {
    expect(delayOf(decideRetry({ status: 500 }, 1, options, fixed(0)))).toBe(50)
    expect(delayOf(decideRetry({ status: 500 }, 1, options, fixed(1)))).toBe(100)
    expect(delayOf(decideRetry({ status: 500 }, 3, options, fixed(0)))).toBe(200)
    expect(delayOf(decideRetry({ status: 500 }, 3, options, fixed(1)))).toBe(400)
    expect(delayOf(decideRetry({ status: 503 }, 1, options, fixed(1)))).toBe(400)
  })

  it('gives up once the attempts are exhausted, whatever the reason', () => {
    for (const facts of [
      { status: 500 },
      { status: 503 },
      { code: 'ECONNRESET' },
      { idle: true },
      { code: 'RequestTimeTooSkewed' },
    ]) {
      expect(decideRetry(facts, options.maxAttempts - 1, options, fixed(0.5)).action).toBe('retry')
      expect(decideRetry(facts, options.maxAttempts, options, fixed(0.5))).toEqual({
        action: 'fail',
        reason: 'attempts-exhausted',
      })
      expect(decideRetry(facts, options.maxAttempts + 3, options, fixed(0.5))).toEqual({
        action: 'fail',
        reason: 'attempts-exhausted',
      })
    }
    expect(decideRetry({ status: 500 }, DEFAULT_RETRY.maxAttempts).action).toBe('fail')
  })

  it('is deterministic for an injected random source', () => {
    const sequence = () => {
      let i = 0
      const values = [0.1, 0.9, 0.4, 0.7]
      return () => values[i++ % values.length]!
    }
    const run = () => {
      const random = sequence()
      return Array.from({ length: 7 }, (_, a) => decideRetry({ code: 'ECONNRESET' }, a + 1, options, random))
    }
    expect(run()).toEqual(run())
    // The random source is actually consulted: different values give different delays.
    expect(delayOf(decideRetry({ status: 500 }, 4, options, fixed(0)))).not.toBe(
      delayOf(decideRetry({ status: 500 }, 4, options, fixed(1))),
    )
  })

  it('retries clock skew at once, without jitter, after the caller corrected its clock', () => {
    const decision = decideRetry({ status: 403, code: 'RequestTimeTooSkewed' }, 1, options, fixed(0.9))
    expect(decision).toEqual({ action: 'retry', delayMs: 0, reason: 'clock-skew' })
    // A second skew in a row waits a little instead of hammering the server.
    const again = decideRetry({ status: 403, code: 'RequestTimeTooSkewed' }, 2, options, fixed(0.9))
    expect(again).toMatchObject({ action: 'retry', reason: 'clock-skew' })
    expect(delayOf(again)).toBeLessThanOrEqual(options.baseDelayMs)
  })

  it('retries expired credentials at once, so that the caller can refresh them', () => {
    expect(decideRetry({ status: 400, code: 'ExpiredToken' }, 1, options, fixed(0.9))).toEqual({
      action: 'retry',
      delayMs: 0,
      reason: 'expired-credentials',
    })
  })
})
