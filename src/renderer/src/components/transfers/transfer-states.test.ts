import { describe, expect, it } from 'vitest'
import { sampleTransfer } from '../../../../shared/domain/sample-transfer'
import type { SetTransferSummary, TransferState } from '../../../../shared/domain/transfer'
import { canCancelRow, canPause, retryLabel, stateLabel } from './transfer-states'

const move = (state: TransferState, interrupted = false): SetTransferSummary => ({
  ...sampleTransfer('m'),
  direction: 'move',
  state,
  set: {
    label: 'photos/ → archive/photos/',
    objectsDone: 1,
    objectsTotal: 2,
    listed: true,
    skipped: 0,
    failed: 0,
    ...(interrupted ? { interrupted: true as const } : {}),
  },
})

describe('the states of a move row', () => {
  it('says Interrupted for a set found unfinished at start, Paused for one paused here', () => {
    expect(stateLabel(move('paused', true))).toBe('Interrupted')
    expect(stateLabel(move('paused'))).toBe('Paused')
    expect(stateLabel(move('moving'))).toBe('Moving')
    expect(stateLabel(move('copying'))).toBe('Copying')
  })

  it('pauses while it moves, resumes a failed one, and cancels a failed one (its journal waits)', () => {
    expect(canPause('moving')).toBe(true)
    expect(retryLabel(move('failed'))).toBe('Resume')
    expect(retryLabel(sampleTransfer('u', { state: 'failed' }))).toBe('Retry')
    expect(canCancelRow(move('failed'))).toBe(true)
    expect(canCancelRow(sampleTransfer('u', { state: 'failed' }))).toBe(false)
    expect(canCancelRow(move('done'))).toBe(false)
    expect(canCancelRow(move('cancelled'))).toBe(false)
  })
})
