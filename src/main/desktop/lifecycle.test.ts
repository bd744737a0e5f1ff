import { describe, expect, it } from 'vitest'
import { closeDecision, HIDDEN_FLAG, quitDecision, startsHidden } from './lifecycle'

describe('the app lifecycle', () => {
  it('hides the window on close and keeps running, unless Ferry is quitting', () => {
    expect(closeDecision({ quitting: false })).toBe('hide')
    expect(closeDecision({ quitting: true })).toBe('close')
  })

  it('quits at once when nothing runs', () => {
    expect(quitDecision({ running: 0, resumeOnStart: true })).toEqual({ kind: 'quit' })
  })

  it('asks when transfers run, and says they resume at the next start', () => {
    const decision = quitDecision({ running: 3, resumeOnStart: true })
    expect(decision.kind).toBe('ask')
    if (decision.kind !== 'ask') return
    expect(decision.question.message).toBe('3 transfers are still running. Quit anyway?')
    expect(decision.question.detail).toContain('resume from where they stopped the next time Ferry starts')
    expect(decision.question.confirmLabel).toBe('Quit')
    expect(decision.question.cancelLabel).toBe('Keep running')
  })

  it('says they wait, paused, when the person turned resuming at start off', () => {
    const decision = quitDecision({ running: 1, resumeOnStart: false })
    if (decision.kind !== 'ask') throw new Error('expected a question')
    expect(decision.question.message).toBe('1 transfer is still running. Quit anyway?')
    expect(decision.question.detail).toContain('wait, paused, until you resume them')
  })

  it('starts hidden in the tray when started at login', () => {
    expect(startsHidden(['/opt/Ferry/ferry'], false)).toBe(false)
    expect(startsHidden(['/opt/Ferry/ferry', HIDDEN_FLAG], false)).toBe(true)
    expect(startsHidden(['/Applications/Ferry.app/Contents/MacOS/Ferry'], true)).toBe(true)
  })
})
