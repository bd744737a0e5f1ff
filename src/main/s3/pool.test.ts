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

  it('pulls the next item only for a free worker, one pull at a time', async () => {
    // Readers that fill a buffer per item (a stream's parts) rely on this: items produced but
    // not yet finished never outnumber the workers, so `concurrency` buffers are enough.
    let out = 0
    let peakOut = 0
    let pulling = 0
    let peakPulling = 0
    async function* items() {
      for (let i = 0; i < 12; i++) {
        pulling++
        peakPulling = Math.max(peakPulling, pulling)
        await tick()
        pulling--
        out++
        peakOut = Math.max(peakOut, out)
        yield i
      }
    }
    await runPool(items(), 3, async () => {
      for (let t = 0; t < 6; t++) await tick()
      out--
    })
    expect(peakPulling).toBe(1)
    expect(peakOut).toBe(3)
    expect(out).toBe(0)
  })
})
