import { describe, expect, it } from 'vitest'
import {
  holdAfterRun,
  holdRunning,
  inFlight,
  isSettled,
  pauseRunning,
  resumeWhenPaused,
  settledState,
  type Phase,
} from './transfer-phase'

const error = { code: 'network' as const, message: 'down', fix: 'Wait.', retryable: true }

describe('transfer phases', () => {
  it('settles only on an end its waiters can be told of', () => {
    const settled: Phase[] = [
      { kind: 'done' },
      { kind: 'paused' },
      { kind: 'cancelled' },
      { kind: 'failed', error, failure: 'final' },
      { kind: 'let-go', reason: 'network' },
    ]
    const open: Phase[] = [
      { kind: 'idle' },
      { kind: 'queued', action: { kind: 'resume' } },
      { kind: 'running' },
      { kind: 'held', reason: 'crash' },
      { kind: 'retrying', attempt: 1, error, cancel: () => {} },
      { kind: 'cancelling' },
    ]
    expect(settled.map(isSettled)).toEqual(settled.map(() => true))
    expect(open.map(isSettled)).toEqual(open.map(() => false))
    expect(open.map(inFlight)).toEqual([false, true, true, false, false, false])
  })

  it('shows a settled phase as the state the person sees', () => {
    expect(settledState({ kind: 'failed', error, failure: 'waiting-network' })).toBe('waiting-network')
    expect(settledState({ kind: 'failed', error, failure: 'retryable' })).toBe('failed')
    expect(settledState({ kind: 'let-go', reason: 'credentials' })).toBe('needs-credentials')
    expect(settledState({ kind: 'let-go', reason: 'suspend' })).toBe('waiting-network')
    expect(settledState({ kind: 'cancelled' })).toBe('cancelled')
  })

  it('holds a run the system paused, unless the person asked to resume meanwhile', () => {
    expect(holdAfterRun({ type: 'paused' }, { by: 'suspend' }, true)).toBe('suspend')
    expect(holdAfterRun({ type: 'paused' }, { by: 'offline', thenResume: {} }, true)).toBeUndefined()
    expect(holdAfterRun({ type: 'paused' }, { by: 'person' }, true)).toBeUndefined()
    expect(holdAfterRun({ type: 'paused' }, undefined, true)).toBeUndefined()
  })

  it('holds a failed run by its class, and nothing when the host does not recover', () => {
    expect(holdAfterRun({ type: 'failed', failure: 'engine-stopped' }, undefined, true)).toBe('crash')
    expect(holdAfterRun({ type: 'failed', failure: 'waiting-network' }, undefined, true)).toBe('network')
    expect(holdAfterRun({ type: 'failed', failure: 'needs-sign-in' }, undefined, true)).toBe('credentials')
    expect(holdAfterRun({ type: 'failed', failure: 'retryable' }, undefined, true)).toBeUndefined()
    expect(holdAfterRun({ type: 'failed', failure: 'final' }, undefined, true)).toBeUndefined()
    expect(holdAfterRun({ type: 'failed', failure: 'engine-stopped' }, undefined, false)).toBeUndefined()
    expect(holdAfterRun({ type: 'paused' }, { by: 'suspend' }, false)).toBeUndefined()
    expect(holdAfterRun({ type: 'done' }, { by: 'suspend' }, true)).toBeUndefined()
  })

  it('lets the system stop only a run nobody is stopping yet', () => {
    expect(holdRunning({ kind: 'running' }, 'offline')).toEqual({
      kind: 'running',
      stopping: { by: 'offline' },
    })
    expect(holdRunning({ kind: 'running', stopping: { by: 'person' } }, 'suspend')).toBeUndefined()
    expect(holdRunning({ kind: 'queued', action: { kind: 'resume' } }, 'suspend')).toBeUndefined()
  })

  it('remembers a resume asked for while a pause is on its way, and a new pause forgets it', () => {
    const stopping: Phase = { kind: 'running', stopping: { by: 'suspend' } }
    const again = resumeWhenPaused(stopping, { tuning: { concurrency: 2 } })
    expect(again).toEqual({
      kind: 'running',
      stopping: { by: 'suspend', thenResume: { tuning: { concurrency: 2 } } },
    })
    expect(resumeWhenPaused({ kind: 'running' }, {})).toBeUndefined()
    expect(pauseRunning()).toEqual({ kind: 'running', stopping: { by: 'person' } })
  })
})
