// Bulk object operations (part copies, delete batches, listing pages) retry transient
// failures themselves: the S3 client is built with maxAttempts 1 so that every retry goes
// through the one policy in shared/retry-policy.
import { decideRetry, DEFAULT_RETRY, type RetryOptions } from '../../shared/retry-policy'
import { failureFacts } from './s3-errors'

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** Runs an S3 call until it succeeds or the retry policy gives up; the raw SDK error is rethrown. */
export async function withRetry<T>(
  call: () => Promise<T>,
  options: { signal?: AbortSignal | undefined; retry?: RetryOptions } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (e) {
      if (options.signal?.aborted) throw e
      const decision = decideRetry(failureFacts(e), attempt, options.retry ?? DEFAULT_RETRY)
      if (decision.action === 'fail') throw e
      await sleep(decision.delayMs, options.signal)
    }
  }
}
