import { describe, expect, it } from 'vitest'
import { RestartGuard } from './restart-guard'

describe('RestartGuard', () => {
  it('allows three restarts a minute, refuses the fourth, and forgets old crashes', () => {
    let now = 0
    const guard = new RestartGuard({ max: 3, windowMs: 60_000 }, () => now)
    expect([guard.crashed(), guard.crashed(), guard.crashed()]).toEqual([true, true, true])
    now = 59_000
    expect(guard.crashed()).toBe(false)
    now = 130_000
    expect(guard.crashed()).toBe(true)
  })
})
