// A failed run is classified once, here: the scheduler, its recovery from the network and
// engine crashes, and the retry of whole transfers all read the same verdict.
import type { TransferState } from '../../../shared/domain/transfer'
import { assertNever, type FerryErrorValue } from '../../../shared/errors'
import { isEngineStopped } from './engine-link'

export type FailureClass =
  /** The engine process died under the run: the transfer resumes from its journal. */
  | 'engine-stopped'
  /** The network failed for longer than the engine's own retries: wait for the endpoint. */
  | 'waiting-network'
  /** The credentials expired and only the person can renew them (a new SSO sign-in). */
  | 'needs-sign-in'
  /** A passing cause (throttling, a server error, a crash loop that may end): a later run may pass. */
  | 'retryable'
  /** Running it again would fail the same way (no such bucket, access denied, a bad file). */
  | 'final'

export function classifyFailure(error: FerryErrorValue): FailureClass {
  if (isEngineStopped(error)) return 'engine-stopped'
  if (error.code === 'credentials-expired') return 'needs-sign-in'
  if (error.retryable && (error.code === 'network' || error.code === 'timeout')) return 'waiting-network'
  if (error.retryable) return 'retryable'
  return 'final'
}

/** What the person sees of a transfer whose run failed and that nobody resumes by itself. */
export function failedState(failure: FailureClass): TransferState {
  switch (failure) {
    case 'waiting-network':
      return 'waiting-network'
    case 'needs-sign-in':
      return 'needs-credentials'
    case 'engine-stopped':
    case 'retryable':
    case 'final':
      return 'failed'
    default:
      return assertNever(failure)
  }
}

/**
 * When to run a failed transfer again as a whole (after the engine's own retries of each
 * request gave up): milliseconds to wait, or undefined to let it fail. attempt counts the
 * runs that failed so far (1 after the first).
 */
export type RetryLater = (failure: FailureClass, attempt: number) => number | undefined

/** About a minute of retries in all: a longer outage fails the transfer (and says why). */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 15_000, 30_000]

/** Waits these delays in turn between runs, for any failure a later run may get past. */
export function retryAfterDelays(delaysMs: readonly number[] = DEFAULT_RETRY_DELAYS_MS): RetryLater {
  return (failure, attempt) => {
    switch (failure) {
      case 'engine-stopped':
      case 'waiting-network':
      case 'retryable':
        return delaysMs[attempt - 1]
      // Fresh credentials come from the person, not from waiting.
      case 'needs-sign-in':
      case 'final':
        return undefined
      default:
        return assertNever(failure)
    }
  }
}
