import { describe, expect, it } from 'vitest'
import { runPool } from './pool'

const tick = () => new Promise((r) => setTimeout(r, 1))

describe('runPool', () => {
  it('never runs more than the concurrency at once and does every item', async () => {
    let running = 0
    let peak = 0
    const done: number[] = []
    await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++
      peak = Math.max(peak, running)
      await tick()
      done.push(n)
      running--
    })
    expect(peak).toBe(3)
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7])
  })

  it('stops starting work after a failure, waits for running work, throws the first error', async () => {
    const started: number[] = []
    let finished = 0
    const run = runPool([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n)
      await tick()
      if (n === 2) throw new Error('boom')
      await tick()
      finished++
    })
    await expect(run).rejects.toThrow('boom')
    expect(started.length).toBeLessThan(6)
    expect(finished).toBe(started.length - 1)
  })

  it('pulls from an async generator and closes it when work fails', async () => {
    let closed = false
    async function* items() {
      try {
        for (let i = 0; ; i++) yield i
      } finally {
        closed = true
      }
    }
    await expect(
      runPool(items(), 2, async (n) => {
        if (n === 5) throw new Error('stop')
      }),
    ).rejects.toThrow('stop')
    expect(closed).toBe(true)
  })
})
