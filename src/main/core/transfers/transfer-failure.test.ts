import { describe, expect, it } from 'vitest'
import type { FerryErrorValue } from '../../../shared/errors'
import { engineStopped } from './engine-link'
import { classifyFailure, DEFAULT_RETRY_DELAYS_MS, failedState, retryAfterDelays } from './transfer-failure'

const error = (over: Partial<FerryErrorValue>): FerryErrorValue => ({
  code: 'internal',
  message: 'it broke',
  fix: 'Try again.',
  ...over,
})

describe('classifyFailure', () => {
  it('tells an engine death from any other internal failure', () => {
    expect(classifyFailure(engineStopped(null))).toBe('engine-stopped')
    expect(classifyFailure(engineStopped(3))).toBe('engine-stopped')
    expect(classifyFailure(error({ retryable: true }))).toBe('retryable')
    expect(classifyFailure(error({}))).toBe('final')
  })

  it('waits for the network only when the engine gave up on a network fault it could retry', () => {
    expect(classifyFailure(error({ code: 'network', retryable: true }))).toBe('waiting-network')
    expect(classifyFailure(error({ code: 'timeout', retryable: true }))).toBe('waiting-network')
    expect(classifyFailure(error({ code: 'network', retryable: false }))).toBe('final')
  })

  it('asks for a sign-in when the credentials expired, retryable or not', () => {
    expect(classifyFailure(error({ code: 'credentials-expired' }))).toBe('needs-sign-in')
    expect(classifyFailure(error({ code: 'credentials-expired', retryable: true }))).toBe('needs-sign-in')
  })

  it('shows each class as the state the person sees', () => {
    expect(failedState('waiting-network')).toBe('waiting-network')
    expect(failedState('needs-sign-in')).toBe('needs-credentials')
    expect(failedState('engine-stopped')).toBe('failed')
    expect(failedState('retryable')).toBe('failed')
    expect(failedState('final')).toBe('failed')
  })
})

describe('retryAfterDelays', () => {
  it('waits each delay in turn for a passing failure, then lets it fail', () => {
    const retry = retryAfterDelays([10, 20])
    expect(retry('waiting-network', 1)).toBe(10)
    expect(retry('engine-stopped', 2)).toBe(20)
    expect(retry('retryable', 3)).toBeUndefined()
  })

  it('never runs again a failure that would repeat, nor one only the person can mend', () => {
    const retry = retryAfterDelays()
    expect(retry('final', 1)).toBeUndefined()
    expect(retry('needs-sign-in', 1)).toBeUndefined()
  })

  it('by default retries for about a minute in all', () => {
    const retry = retryAfterDelays()
    const waits = [1, 2, 3, 4, 5].map((attempt) => retry('retryable', attempt))
    expect(waits).toEqual([...DEFAULT_RETRY_DELAYS_MS, undefined])
    expect(DEFAULT_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60_000)
  })
})
