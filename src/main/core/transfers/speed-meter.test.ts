import { describe, expect, it } from 'vitest'
import { SpeedMeter } from './speed-meter'

describe('SpeedMeter', () => {
  it('reports bytes per second over the recent window only', () => {
    let now = 0
    const meter = new SpeedMeter(3000, () => now)
    for (let t = 0; t <= 10_000; t += 500) {
      now = t
      // 1 MB/s for 5 s, then 4 MB/s.
      meter.sample(t <= 5000 ? t * 1000 : 5_000_000 + (t - 5000) * 4000)
    }
    expect(meter.bytesPerSecond).toBeCloseTo(4_000_000, -3)
    meter.reset()
    expect(meter.bytesPerSecond).toBe(0)
  })
})
