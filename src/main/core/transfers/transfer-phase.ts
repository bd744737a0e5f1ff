// Where a transfer stands in the scheduler, as one value (running, paused on its way, held by
// the system, waiting to retry...) rather than several flags, so no two of them can contradict
// each other.
import type { TransferState } from '../../../shared/domain/transfer'
import { assertNever, type FerryErrorValue } from '../../../shared/errors'
import type { EngineConnection, StreamJob, TransferTuning, UploadJob } from '../../../shared/engine-protocol'
import type { CustomerKey } from '../../../shared/encryption'
import type { ScheduleOptions } from './transfer-entry'
import { failedState, type FailureClass } from './transfer-failure'

/** Why Ferry itself stopped a transfer that it will resume on its own. */
export type HoldReason = 'suspend' | 'offline' | 'network' | 'crash' | 'credentials'

/** What the next run of a queued transfer sends to the engine. */
export type Action =
  { kind: 'upload'; job: UploadJob } | { kind: 'stream'; job: StreamJob } | { kind: 'resume' }

export interface ResumeOptions extends ScheduleOptions {
  connection?: EngineConnection
  tuning?: TransferTuning
  /** The SSE-C key of an SSE-C upload (`ferry resume --sse-c-key`). */
  customerKey?: CustomerKey
}

/** A pause sent to the engine for a running transfer, not answered yet. */
export interface Stopping {
  /** The person paused it, or the system did (Ferry resumes it when that is over). */
  by: 'person' | 'suspend' | 'offline'
  /** Resume was asked for while the pause was on its way: run again once it lands. */
  thenResume?: ResumeOptions
  /**
   * Cancelled before its run reached the engine: the run is not sent, and the cancel goes to
   * the engine once the run has ended here (a cancel sent first would find no job there, and
   * the run sent after it would go on as if nothing had been asked).
   */
  cancel?: true
}

export type Phase =
  /** Known from its journal only; nothing is scheduled (its summary says how it stands). */
  | { kind: 'idle' }
  | { kind: 'queued'; action: Action }
  | { kind: 'running'; stopping?: Stopping }
  /** Stopped by the system, the network or a crash, not the person: Ferry resumes it on its own. */
  | { kind: 'held'; reason: HoldReason }
  /** Failed for a passing cause; runs again after a wait (a RetryLater policy). */
  | { kind: 'retrying'; attempt: number; error: FerryErrorValue; cancel: () => void }
  /** A cancel is with the engine (it aborts the multipart upload and closes the journal). */
  | { kind: 'cancelling' }
  | { kind: 'done' }
  | { kind: 'paused' }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: FerryErrorValue; failure: FailureClass }
  /** Was held when Ferry closed: resumable from its journal, but nothing resumes it now. */
  | { kind: 'let-go'; reason: HoldReason }

export type SettledPhase = Extract<Phase, { kind: 'done' | 'paused' | 'cancelled' | 'failed' | 'let-go' }>

/** What the person sees of a transfer held for this reason. */
export const heldState = (reason: HoldReason): TransferState =>
  reason === 'credentials' ? 'needs-credentials' : 'waiting-network'

export function settledState(phase: SettledPhase): TransferState {
  switch (phase.kind) {
    case 'done':
    case 'paused':
    case 'cancelled':
      return phase.kind
    case 'failed':
      return failedState(phase.failure)
    case 'let-go':
      return heldState(phase.reason)
    default:
      return assertNever(phase)
  }
}

/** A run ends: whether its transfer settles, or waits for Ferry to resume it. */
export function isSettled(phase: Phase): phase is SettledPhase {
  switch (phase.kind) {
    case 'done':
    case 'paused':
    case 'cancelled':
    case 'failed':
    case 'let-go':
      return true
    case 'idle':
    case 'queued':
    case 'running':
    case 'held':
    case 'retrying':
    case 'cancelling':
      return false
    default:
      return assertNever(phase)
  }
}

/** Queued or running: the engine has it, or will. */
export const inFlight = (phase: Phase): boolean => phase.kind === 'queued' || phase.kind === 'running'

/** How the engine answered a run, with its failure classified. */
export type RunReply =
  { type: 'done' } | { type: 'paused' } | { type: 'cancelled' } | { type: 'failed'; failure: FailureClass }

/**
 * After a run: held (Ferry resumes it by itself) or settled. Only a host that recovers holds
 * anything; a pause the system asked for holds unless the person asked to resume meanwhile
 * (the resume then runs at once).
 */
export function holdAfterRun(
  reply: RunReply,
  stopping: Stopping | undefined,
  recover: boolean,
): HoldReason | undefined {
  if (!recover) return undefined
  switch (reply.type) {
    case 'paused':
      return stopping && stopping.by !== 'person' && !stopping.thenResume ? stopping.by : undefined
    case 'failed':
      switch (reply.failure) {
        case 'engine-stopped':
          return 'crash'
        case 'waiting-network':
          return 'network'
        case 'needs-sign-in':
          return 'credentials'
        case 'retryable':
        case 'final':
          return undefined
        default:
          return assertNever(reply.failure)
      }
    case 'done':
    case 'cancelled':
      return undefined
    default:
      return assertNever(reply)
  }
}

/** The system stops a running transfer (sleep, offline); one already being paused is left so. */
export function holdRunning(phase: Phase, by: 'suspend' | 'offline'): Phase | undefined {
  if (phase.kind !== 'running' || phase.stopping) return undefined
  return { kind: 'running', stopping: { by } }
}

/** The person pauses a running transfer: any resume asked for earlier is dropped. */
export const pauseRunning = (): Phase => ({ kind: 'running', stopping: { by: 'person' } })

/** The person resumes a transfer whose pause is on its way: it runs again once the pause lands. */
export function resumeWhenPaused(phase: Phase, options: ResumeOptions): Phase | undefined {
  if (phase.kind !== 'running' || !phase.stopping) return undefined
  return { kind: 'running', stopping: { ...phase.stopping, thenResume: options } }
}
