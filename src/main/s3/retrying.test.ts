import type { S3Client } from '@aws-sdk/client-s3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { FerryError } from '../../shared/errors'
import { retryLoop, withRetries, type RetryInfo } from './retrying'
import { sleep, StopReason } from './stop-signal'

const client = { config: {} } as unknown as S3Client
const fast = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 }
const s3Error = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } })

describe('withRetries', () => {
  it('retries transient failures and returns the first success', async () => {
    const seen: RetryInfo[] = []
    let calls = 0
    const out = await withRetries(
      async () => {
        calls++
        if (calls === 1) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' })
        if (calls === 2) throw s3Error('SlowDown', 503)
        return 'ok'
      },
      {
        client,
        signal: new AbortController().signal,
        where: {},
        options: fast,
        onRetry: (i) => seen.push(i),
      },
    )
    expect(out).toBe('ok')
    expect(seen.map((s) => s.reason)).toEqual(['network', 'throttled'])
  })

  it('sends a part again after BadDigest (damaged in transit) and fails fast on 403', async () => {
    let calls = 0
    await withRetries(
      async () => {
        if (++calls === 1) throw s3Error('BadDigest', 400)
        return 1
      },
      { client, signal: new AbortController().signal, where: {}, options: fast },
    )
    expect(calls).toBe(2)
    calls = 0
    const denied = withRetries(
      async () => {
        calls++
        throw s3Error('AccessDenied', 403)
      },
      { client, signal: new AbortController().signal, where: { bucket: 'b' }, options: fast },
    )
    await expect(denied).rejects.toMatchObject({ code: 'access-denied' })
    expect(calls).toBe(1)
  })

  it('gives up after the attempts with a retryable FerryError (the transfer stays resumable)', async () => {
    const failing = withRetries(
      async () => {
        throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })
      },
      { client, signal: new AbortController().signal, where: {}, options: fast },
    )
    await expect(failing).rejects.toBeInstanceOf(FerryError)
    await expect(failing).rejects.toMatchObject({ code: 'network', retryable: true })
  })

  it('turns an abort it did not cause into nothing: a pause surfaces as the stop sentinel', async () => {
    const controller = new AbortController()
    const run = withRetries(
      (signal) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () =>
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
          )
        }),
      { client, signal: controller.signal, where: {}, options: fast },
    )
    controller.abort(new StopReason('pause'))
    await expect(run).rejects.toEqual(new StopReason('pause'))
  })
})

const three = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 }
const reset = () => Object.assign(new Error('reset'), { code: 'ECONNRESET' })

describe('retryLoop', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('counts attempts: gives up after maxAttempts tries with the last failure', async () => {
    const seen: RetryInfo[] = []
    let calls = 0
    const run = retryLoop(
      async () => {
        calls++
        throw reset()
      },
      { policy: three, onRetry: (i) => seen.push(i) },
    )
    await expect(run).rejects.toMatchObject({ code: 'ECONNRESET' })
    expect(calls).toBe(3)
    expect(seen.map((s) => [s.reason, s.attempt])).toEqual([
      ['network', 1],
      ['network', 2],
    ])
    expect(seen.every((s) => s.delayMs >= 0.5 && s.delayMs <= 2)).toBe(true)
  })

  it('returns the first success and throws what giveUp makes of a failure', async () => {
    let calls = 0
    const out = await retryLoop(
      async () => {
        if (++calls < 3) throw reset()
        return 'ok'
      },
      { policy: three },
    )
    expect(out).toBe('ok')
    const given = retryLoop(
      async () => {
        throw reset()
      },
      { policy: three, giveUp: () => new Error('gave up') },
    )
    await expect(given).rejects.toThrow('gave up')
  })

  it('gives fresh attempts when the work moved since the last failure', async () => {
    let done = 0
    let calls = 0
    const attempts: number[] = []
    // Each try moves one unit and breaks off: never three failures in a row without progress.
    await retryLoop(
      async () => {
        calls++
        if (done === 6) return
        done++
        throw reset()
      },
      { policy: three, progress: () => done, onRetry: (i) => attempts.push(i.attempt) },
    )
    expect(calls).toBe(7)
    expect(attempts).toEqual([1, 1, 1, 1, 1, 1])

    // Without progress the same policy gives up on the third try.
    let stuck = 0
    const dead = retryLoop(
      async () => {
        stuck++
        throw reset()
      },
      { policy: three, progress: () => 42 },
    )
    await expect(dead).rejects.toMatchObject({ code: 'ECONNRESET' })
    expect(stuck).toBe(3)
  })

  it('throws non-retryable failures, FerryErrors and stops at once', async () => {
    for (const error of [
      Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }),
      new FerryError({ code: 'network', message: 'kept failing', fix: 'retry later' }),
      new StopReason('cancel'),
    ]) {
      let calls = 0
      const retries: RetryInfo[] = []
      const run = retryLoop(
        async () => {
          calls++
          throw error
        },
        { policy: three, onRetry: (i) => retries.push(i) },
      )
      await expect(run).rejects.toBe(error)
      expect(calls).toBe(1)
      expect(retries).toEqual([])
    }
  })

  it('ends a wait at once when the signal aborts: the stop sentinel in stop mode, the reason otherwise', async () => {
    vi.useFakeTimers()
    const long = { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 }
    for (const mode of ['stop', 'error'] as const) {
      const controller = new AbortController()
      let calls = 0
      const run = retryLoop(
        async () => {
          calls++
          throw reset()
        },
        { signal: controller.signal, abort: mode, policy: long },
      )
      const settled = run.catch((e: unknown) => e)
      await vi.advanceTimersByTimeAsync(0)
      expect(calls).toBe(1)
      const reason = mode === 'stop' ? new StopReason('pause') : new Error('closed')
      controller.abort(reason)
      await vi.advanceTimersByTimeAsync(0)
      expect(await settled).toBe(reason)
      expect(calls).toBe(1)
    }
  })

  it('in stop mode turns a foreign abort reason into a failed stop, before any attempt', async () => {
    const controller = new AbortController()
    controller.abort(new Error('not a stop'))
    let calls = 0
    const run = retryLoop(
      async () => {
        calls++
      },
      { signal: controller.signal, abort: 'stop' },
    )
    await expect(run).rejects.toEqual(new StopReason('failed'))
    expect(calls).toBe(0)
  })

  it('in error mode surfaces the failure an abort caused, not a retry', async () => {
    const controller = new AbortController()
    const aborted = Object.assign(new Error('Request aborted'), { name: 'AbortError' })
    let calls = 0
    const run = retryLoop(
      async () => {
        calls++
        controller.abort()
        throw aborted
      },
      { signal: controller.signal, policy: three },
    )
    await expect(run).rejects.toBe(aborted)
    expect(calls).toBe(1)
  })
})

describe('sleep', () => {
  it('resolves after the delay and rejects with the reason when aborted first or during it', async () => {
    await expect(sleep(1)).resolves.toBeUndefined()
    const early = new AbortController()
    early.abort(new StopReason('pause'))
    await expect(sleep(10, early.signal)).rejects.toEqual(new StopReason('pause'))
    const late = new AbortController()
    const waiting = sleep(60_000, late.signal)
    late.abort(new StopReason('cancel'))
    await expect(waiting).rejects.toEqual(new StopReason('cancel'))
  })
})
