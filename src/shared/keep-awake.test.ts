import { describe, expect, it } from 'vitest'
import { DEFAULT_KEEP_AWAKE, isMoving, shouldKeepAwake } from './keep-awake'

describe('shouldKeepAwake', () => {
  it('keeps awake by default only on AC power while data moves', () => {
    expect(DEFAULT_KEEP_AWAKE).toBe('on-ac')
    expect(shouldKeepAwake('on-ac', { moving: true, onBattery: false })).toBe(true)
    expect(shouldKeepAwake('on-ac', { moving: true, onBattery: true })).toBe(false)
    expect(shouldKeepAwake('on-ac', { moving: false, onBattery: false })).toBe(false)
  })

  it('follows always and never, and never blocks sleep when nothing moves', () => {
    expect(shouldKeepAwake('always', { moving: true, onBattery: true })).toBe(true)
    expect(shouldKeepAwake('always', { moving: false, onBattery: false })).toBe(false)
    expect(shouldKeepAwake('never', { moving: true, onBattery: false })).toBe(false)
  })

  it('counts only states in which bytes move', () => {
    expect(isMoving('uploading')).toBe(true)
    expect(isMoving('verifying')).toBe(true)
    for (const s of ['queued', 'paused', 'waiting-network', 'needs-credentials', 'done', 'failed'] as const)
      expect(isMoving(s)).toBe(false)
  })
})
