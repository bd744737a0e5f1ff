// Which transfers "Pause all" and "Resume all" act on: one definition for the bridge's
// handlers, the tray's menu and the quit question.
import type { TransferState } from './domain/transfer'

export const PAUSABLE_STATES: ReadonlySet<TransferState> = new Set([
  'queued',
  'preparing',
  'uploading',
  'downloading',
  'moving',
  'copying',
  'waiting-network',
])

export const RESUMABLE_STATES: ReadonlySet<TransferState> = new Set(['paused', 'waiting-network'])

/** Ended for good: what "Clear finished" takes off the list (a failed one may still be retried). */
export const FINISHED_STATES: ReadonlySet<TransferState> = new Set(['done', 'cancelled'])

/** Moving data, or about to: what quitting would interrupt. */
export const RUNNING_STATES: ReadonlySet<TransferState> = new Set([...PAUSABLE_STATES, 'verifying'])
