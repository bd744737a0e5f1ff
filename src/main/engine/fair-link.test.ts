import { describe, expect, it } from 'vitest'
import { FAIR_CATCH_UP_MS, FAIR_SLICE_BYTES } from '../../shared/fair-share'
import { FairLink, type LinkClock } from './fair-link'
import { StopReason } from '../s3/stop-signal'

const KiB = 1024
const MiB = 1024 * KiB

/** A clock the test moves: timers fire in order as time is advanced. */
class ManualClock implements LinkClock {
  #now = 0
  #timers: { at: number; fn: () => void; live: boolean }[] = []
  now = () => this.#now
  after = (ms: number, fn: () => void) => {
    const timer = { at: this.#now + ms, fn, live: true }
    this.#timers.push(timer)
    return () => void (timer.live = false)
  }
  get pending(): number {
    return this.#timers.filter((t) => t.live).length
  }
  async advance(ms: number): Promise<void> {
    const until = this.#now + ms
    for (;;) {
      await Promise.resolve()
      const due = this.#timers.filter((t) => t.live && t.at <= until).sort((a, b) => a.at - b.at)[0]
      if (!due) break
      due.live = false
      this.#now = due.at
      due.fn()
    }
    this.#now = until
    // Let the promises the last timers settled run their callbacks.
    for (let i = 0; i < 5; i++) await Promise.resolve()
  }
}

const sliceMs = (rate: number) => (FAIR_SLICE_BYTES / rate) * 1000

/** A link on a manual clock, a rate of 1 MiB/s, and the names of the takes done so far. */
const atOneMiB = () => {
  const clock = new ManualClock()
  return {
    clock,
    link: new FairLink(clock),
    rate: MiB,
    done: [] as string[],
    signal: new AbortController().signal,
  }
}

describe('FairLink (the engine’s shared limit of one direction)', () => {
  it('lets a small file through after one slice of a large range that asked first', async () => {
    const { clock, link, rate, done, signal } = atOneMiB()
    void link.take(MiB, rate, signal).then(() => done.push('range'))
    void link.take(10 * KiB, rate, signal).then(() => done.push('small'))
    // The range's first slice goes at once; the small file's comes after one turn of the
    // others (the range's second slice), not after the range's megabyte.
    await clock.advance(2 * sliceMs(rate))
    expect(done).toEqual(['small'])
    // The range's last slice is granted when the bytes before it (its own and the small
    // file's) have had their time at the rate, less the catch-up window.
    const rangeAt = ((MiB + 10 * KiB - FAIR_SLICE_BYTES) / rate) * 1000 - FAIR_CATCH_UP_MS
    await clock.advance(rangeAt - 2 * sliceMs(rate) - 1)
    expect(done).toEqual(['small'])
    await clock.advance(1)
    expect(done).toEqual(['small', 'range'])
    expect(clock.pending).toBe(0)
  })

  it('counts the ranges of one object as one file in the turns', async () => {
    const { clock, link, rate, done, signal } = atOneMiB()
    const object = {}
    for (let r = 0; r < 4; r++)
      void link.take(256 * KiB, rate, signal, object).then(() => done.push(`range-${r}`))
    void link.take(10 * KiB, rate, signal).then(() => done.push('small'))
    // One slice of the object's (its first range's), then the small file's: not one per range.
    await clock.advance(2 * sliceMs(rate) - FAIR_CATCH_UP_MS)
    expect(done).toEqual(['small'])
  })

  it('passes at once without a limit, and refuses to wait on a stopped signal', async () => {
    const clock = new ManualClock()
    const link = new FairLink(clock)
    await link.take(100 * MiB, undefined)
    await link.take(100 * MiB, 0)
    const stopped = new AbortController()
    stopped.abort(new StopReason('pause'))
    await expect(link.take(KiB, MiB, stopped.signal)).rejects.toBeInstanceOf(StopReason)
    expect(clock.pending).toBe(0)
  })

  it('a wait aborted ends with the signal’s reason, is never granted, and the others go on at the rate', async () => {
    const clock = new ManualClock()
    const link = new FairLink(clock)
    const rate = MiB
    const outcomes: string[] = []
    const gone = new AbortController()
    const kept = new AbortController()
    const paused = Symbol('paused')
    const a = link.take(512 * KiB, rate, kept.signal).then(() => outcomes.push(`a@${clock.now()}`))
    const b = link.take(512 * KiB, rate, gone.signal).then(
      () => outcomes.push('b granted'),
      (e: unknown) => outcomes.push(e === paused ? 'b paused' : 'b failed'),
    )
    const c = link.take(512 * KiB, rate, kept.signal).then(() => outcomes.push(`c@${clock.now()}`))
    await clock.advance(100)
    gone.abort(paused)
    await b
    expect(outcomes).toEqual(['b paused'])
    // Aborting again, or after the end, changes nothing.
    gone.abort(paused)
    await clock.advance(5_000)
    await Promise.all([a, c])
    expect(outcomes).toHaveLength(3)
    expect(outcomes).not.toContain('b granted')
    // a and c got 1 MiB between them, and b at most one slice before the abort: c's last
    // slice waits for the rest of those bytes at 1 MiB/s, and no longer.
    const cAt = Number(outcomes.find((o) => o.startsWith('c@'))!.slice(2))
    expect(cAt).toBeGreaterThanOrEqual(((MiB - FAIR_SLICE_BYTES) / rate) * 1000 - FAIR_CATCH_UP_MS)
    expect(cAt).toBeLessThanOrEqual((MiB / rate) * 1000)
    expect(clock.pending).toBe(0)
  })

  it('holds many streams together to one total', async () => {
    const clock = new ManualClock()
    const link = new FairLink(clock)
    const rate = 4 * MiB
    const signal = new AbortController().signal
    let finished = 0
    const sizes = [3 * MiB, 3 * MiB, ...Array.from({ length: 50 }, () => 40 * KiB)]
    for (const bytes of sizes) void link.take(bytes, rate, signal).then(() => finished++)
    const total = sizes.reduce((n, b) => n + b, 0)
    const floor = ((total - FAIR_SLICE_BYTES) / rate) * 1000 - FAIR_CATCH_UP_MS
    await clock.advance(floor - 1)
    expect(finished).toBeLessThan(sizes.length)
    // The 50 small ones were done within the first turns, long before.
    expect(finished).toBeGreaterThanOrEqual(50)
    await clock.advance(FAIR_CATCH_UP_MS + 2 * sliceMs(rate))
    expect(finished).toBe(sizes.length)
  })

  it('follows a rate changed while takes wait: faster, then no limit releases them all at once', async () => {
    const { clock, link, rate, done, signal } = atOneMiB()
    for (const name of ['a', 'b']) void link.take(4 * MiB, rate, signal).then(() => done.push(name))
    await clock.advance(1_000)
    expect(done).toEqual([])
    // At 1 MiB/s the 8 MiB would take 8 s; 4 MiB/s from the next slice on: about 2 s for the
    // 7 MiB left (its timer, set for the old rate, is replaced).
    link.setRate(4 * MiB)
    await clock.advance(1_000)
    expect(done).toEqual([])
    await clock.advance(((7 * MiB) / (4 * MiB)) * 1000 - 1_000 + sliceMs(rate))
    expect(done.sort()).toEqual(['a', 'b'])
    // Under a slow limit, two more wait; lifting it lets both go now, not a slice later.
    link.setRate(64 * KiB)
    for (const name of ['c', 'd']) void link.take(MiB, rate, signal).then(() => done.push(name))
    await clock.advance(100)
    expect(done).toHaveLength(2)
    link.setRate(0)
    await clock.advance(0)
    expect(done.slice(2).sort()).toEqual(['c', 'd'])
    expect(clock.pending).toBe(0)
  })

  it('holds takes that carry no rate once a limit is set, and those after it only', async () => {
    const clock = new ManualClock()
    const link = new FairLink(clock)
    const signal = new AbortController().signal
    // No limit anywhere: at once.
    await link.take(8 * MiB, undefined, signal)
    link.setRate(MiB)
    let done = false
    void link.take(2 * MiB, undefined, signal).then(() => (done = true))
    await clock.advance(((2 * MiB - FAIR_SLICE_BYTES) / MiB) * 1000 - FAIR_CATCH_UP_MS - 1)
    expect(done).toBe(false)
    await clock.advance(1)
    expect(done).toBe(true)
    // The link's limit replaces a take's own, in both directions.
    link.setRate(4 * MiB)
    let fast = false
    void link.take(MiB, 64 * KiB, signal).then(() => (fast = true))
    // After the slice before it (a sixteenth of a second at 1 MiB/s), at 4 MiB/s.
    await clock.advance(((MiB - FAIR_SLICE_BYTES) / (4 * MiB)) * 1000 + sliceMs(MiB))
    expect(fast).toBe(true)
    // Given back (undefined), each take follows its own again.
    link.setRate(undefined)
    await link.take(8 * MiB, undefined, signal)
  })
})
