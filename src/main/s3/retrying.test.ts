import type { S3Client } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { FerryError } from '../../shared/errors'
import { withRetries, type RetryInfo } from './retrying'
import { StopReason } from './stop-signal'

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
