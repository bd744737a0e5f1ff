// Pause and cancel are not errors: they abort in-flight requests with a sentinel reason, and
// every await checks the signal afterwards (Uppy's MultipartUploader does the same), so a
// stopped transfer never reports a network failure it caused itself.

export type StopKind = 'pause' | 'cancel' | 'failed'

export class StopReason {
  constructor(readonly kind: StopKind) {}
}

export function stopReasonOf(signal: AbortSignal): StopReason | undefined {
  return signal.aborted && signal.reason instanceof StopReason ? signal.reason : undefined
}

/** Throws the sentinel when the transfer was stopped; call after every await. */
export function throwIfStopped(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof StopReason ? signal.reason : new StopReason('failed')
}

export const isStop = (e: unknown): e is StopReason => e instanceof StopReason

/**
 * The one sleep: a delay that ends early when the signal aborts, rejecting with the signal's
 * reason (the engine's signals carry a StopReason, so a paused wait ends as a pause).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
