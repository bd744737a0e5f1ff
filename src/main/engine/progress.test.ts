import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TransferProgress } from '../../shared/engine-protocol'
import { ProgressTracker } from './progress'

describe('ProgressTracker', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }))
  afterEach(() => vi.useRealTimers())

  const make = () => {
    const sent: TransferProgress[] = []
    const tracker = new ProgressTracker(
      { transferId: 't', size: 1000, partsTotal: 100 },
      (p) => sent.push(p),
      100,
      () => Date.now(),
    )
    return { sent, tracker }
  }

  it('sends at most about ten reports a second however many parts finish', () => {
    const { sent, tracker } = make()
    for (let i = 0; i < 100; i++) {
      tracker.partDone(10, false)
      vi.advanceTimersByTime(10)
    }
    vi.advanceTimersByTime(200)
    // 1 s of parts finishing every 10 ms: one leading report, then one per 100 ms.
    expect(sent.length).toBeGreaterThanOrEqual(10)
    expect(sent.length).toBeLessThanOrEqual(11)
    expect(sent.at(-1)).toMatchObject({ bytesDone: 1000, partsDone: 100 })
  })

  it('sends the first change at once and coalesces the rest into one trailing report', () => {
    const { sent, tracker } = make()
    tracker.partDone(10, false)
    expect(sent).toHaveLength(1)
    tracker.partDone(10, true)
    tracker.partDone(10, false)
    expect(sent).toHaveLength(1)
    vi.advanceTimersByTime(100)
    expect(sent).toHaveLength(2)
    expect(sent[1]).toMatchObject({ bytesDone: 30, partsDone: 3, partsReused: 1 })
  })

  it('flush sends a pending change immediately and nothing when all was sent', () => {
    const { sent, tracker } = make()
    tracker.partDone(10, false)
    tracker.partDone(10, false)
    tracker.flush()
    expect(sent.map((p) => p.bytesDone)).toEqual([10, 20])
    tracker.flush()
    expect(sent).toHaveLength(2)
    vi.advanceTimersByTime(500)
    expect(sent).toHaveLength(2)
  })

  it('reset restarts the counts for a new plan', () => {
    const { sent, tracker } = make()
    tracker.partDone(10, false)
    vi.advanceTimersByTime(100)
    tracker.reset({ size: 50, partsTotal: 1 })
    tracker.flush()
    expect(sent.at(-1)).toMatchObject({ size: 50, partsTotal: 1, bytesDone: 0, partsDone: 0 })
  })
})
