import type { TransferState, TransferSummary } from '../../../../shared/domain/transfer'

/** What each state is called on screen; a Record so a new state fails to compile until named. */
export const STATE_LABELS: Record<TransferState, string> = {
  queued: 'Queued',
  preparing: 'Preparing',
  uploading: 'Uploading',
  downloading: 'Downloading',
  moving: 'Moving',
  copying: 'Copying',
  paused: 'Paused',
  'waiting-network': 'Waiting for network',
  'needs-credentials': 'Needs credentials',
  verifying: 'Verifying',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
}

const ACTIVE: ReadonlySet<TransferState> = new Set([
  'queued',
  'preparing',
  'uploading',
  'downloading',
  'moving',
  'copying',
  'waiting-network',
  'verifying',
])
const FINISHED: ReadonlySet<TransferState> = new Set(['done', 'failed', 'cancelled'])

export const isActive = (state: TransferState) => ACTIVE.has(state)
export const isFinished = (state: TransferState) => FINISHED.has(state)
export const canPause = (state: TransferState) => ACTIVE.has(state) && state !== 'verifying'
export const canResume = (state: TransferState) =>
  state === 'paused' || state === 'needs-credentials' || state === 'waiting-network'
/** A failed transfer starts again where it stopped: the parts the server has are kept. */
export const canRetry = (state: TransferState) => state === 'failed'
export const canCancel = (state: TransferState) => !FINISHED.has(state)

/** A row's state as shown: a move or copy found unfinished at start is "Interrupted", not "Paused". */
export function stateLabel(t: TransferSummary): string {
  if (t.state === 'paused' && 'set' in t && t.set.interrupted) return 'Interrupted'
  return STATE_LABELS[t.state]
}

/** What the button that runs a failed transfer again says: a move or copy continues ("Resume"). */
export const retryLabel = (t: TransferSummary): string => ('set' in t ? 'Resume' : 'Retry')

/**
 * Whether a row has a Cancel: one not finished, and a failed move or copy too (its journal
 * waits for a Resume; Cancel gives it up as `ferry cancel` does).
 */
export const canCancelRow = (t: TransferSummary): boolean =>
  canCancel(t.state) || ('set' in t && t.state === 'failed')
