import { describe, expect, it } from 'vitest'
import { FAIR_CATCH_UP_MS, FAIR_SLICE_BYTES, FairShare } from './fair-share'

const KiB = 1024
const MiB = 1024 * KiB
const SLICE_MS = (rate: number) => (FAIR_SLICE_BYTES / rate) * 1000

interface Grant {
  at: number
  token: string
  bytes: number
  finished: boolean
}

/** Steps the share as a timer would, from `from` until nobody waits; `join` adds waiters on the way. */
function drive(share: FairShare<string>, from: number, join: (now: number) => void = () => undefined) {
  const grants: Grant[] = []
  let now = from
  for (let guard = 0; guard < 1_000_000; guard++) {
    join(now)
    const step = share.step(now)
    if (step.kind === 'idle') return { grants, end: now }
    if (step.kind === 'wait') now += step.ms
    else grants.push({ at: now, token: step.token, bytes: step.bytes, finished: step.finished })
  }
  throw new Error('the share never emptied')
}

const finishedAt = (grants: Grant[], token: string) => grants.find((g) => g.token === token && g.finished)!.at

describe('FairShare (one limit, many streams in turn)', () => {
  it('serves every small waiter within one turn, however much a large one asked for first', () => {
    const rate = 8 * MiB
    const share = new FairShare<string>()
    share.add('large', 24 * MiB, rate)
    const small = Array.from({ length: 200 }, (_, i) => `small-${i}`)
    for (const s of small) share.add(s, 10 * KiB, rate)
    const { grants } = drive(share, 0)
    // One slice of the large, then each small in turn, then the large has the link alone.
    expect(grants.slice(0, 201).map((g) => g.token)).toEqual(['large', ...small])
    const round = 201 * SLICE_MS(rate)
    for (const s of small) expect(finishedAt(grants, s)).toBeLessThanOrEqual(round)
    expect(grants.slice(201).every((g) => g.token === 'large')).toBe(true)
    expect(grants.every((g) => g.bytes <= FAIR_SLICE_BYTES)).toBe(true)
  })

  it('serves a small waiter that arrives mid-way after one turn of the streams already waiting', () => {
    const rate = 8 * MiB
    const share = new FairShare<string>()
    // Six ranges of two large objects (three each), a megabyte each at a time, as ranges take.
    for (let i = 0; i < 6; i++) share.add(`range-${i}`, MiB, rate)
    const arrivals = [100, 250, 400, 555]
    const added = new Set<number>()
    const { grants } = drive(share, 0, (now) => {
      for (const at of arrivals)
        if (now >= at && !added.has(at)) {
          added.add(at)
          share.add(`small@${at}`, 20 * KiB, rate)
        }
    })
    for (const at of arrivals) {
      const waited = finishedAt(grants, `small@${at}`) - at
      // At most the six ranges' slices before it, plus the slice in progress when it came.
      expect(waited).toBeLessThanOrEqual(7 * SLICE_MS(rate) + 1e-9)
    }
  })

  it('takes turns by file: the ranges of one object share a turn, a small file waits one slice per file', () => {
    const rate = 8 * MiB
    const share = new FairShare<string>()
    // Two large objects, four ranges and one range, each asking for a megabyte.
    for (let r = 0; r < 4; r++) share.add(`big-1/range-${r}`, MiB, rate, 'big-1')
    share.add('big-2/range-0', MiB, rate, 'big-2')
    for (let i = 0; i < 10; i++) share.add(`small-${i}`, 30 * KiB, rate)
    const { grants } = drive(share, 0)
    // big-1, big-2, then each small file once: twelve slices, and every small one is done.
    const first = grants.slice(0, 12).map((g) => g.token)
    expect(first).toEqual([
      'big-1/range-0',
      'big-2/range-0',
      ...Array.from({ length: 10 }, (_, i) => `small-${i}`),
    ])
    for (let i = 0; i < 10; i++)
      expect(finishedAt(grants, `small-${i}`)).toBeLessThanOrEqual(12 * SLICE_MS(rate))
    // Then the two objects alternate, and big-1's ranges take turns among themselves.
    const after = grants.slice(12, 20).map((g) => g.token)
    expect(after).toEqual([
      'big-1/range-1',
      'big-2/range-0',
      'big-1/range-2',
      'big-2/range-0',
      'big-1/range-3',
      'big-2/range-0',
      'big-1/range-0',
      'big-2/range-0',
    ])
    // The object with one range got as much as the one with four until it was done.
    const big2Done = finishedAt(grants, 'big-2/range-0')
    const big1Bytes = grants.filter((g) => g.token.startsWith('big-1') && g.at <= big2Done)
    expect(big1Bytes.reduce((n, g) => n + g.bytes, 0)).toBe(MiB)
    expect(() => share.add('small-0', 1, rate)).not.toThrow()
    expect(() => share.add('small-0', 1, rate)).toThrow(RangeError)
  })

  it('holds the total to the rate: never ahead by more than the catch-up and a slice, never slower', () => {
    const rate = 3 * MiB
    const share = new FairShare<string>()
    const sizes = { a: 5 * MiB, b: 2 * MiB + 17, c: 300 * KiB, d: 1 }
    for (const [token, bytes] of Object.entries(sizes)) share.add(token, bytes, rate)
    const start = 1_000
    const { grants, end } = drive(share, start)
    const total = Object.values(sizes).reduce((n, b) => n + b, 0)
    let granted = 0
    for (const g of grants) {
      granted += g.bytes
      const allowed = (rate * (g.at - start + FAIR_CATCH_UP_MS)) / 1000 + FAIR_SLICE_BYTES
      expect(granted).toBeLessThanOrEqual(allowed + 1e-6)
    }
    expect(granted).toBe(total)
    // Every byte but the last slice's is paid for before the last grant: the lower bound.
    expect(end - start).toBeGreaterThanOrEqual(((total - FAIR_SLICE_BYTES) / rate) * 1000 - FAIR_CATCH_UP_MS)
    // And the link was never left idle while someone waited: the upper bound.
    expect(end - start).toBeLessThanOrEqual((total / rate) * 1000)
  })

  it('gives an idle link no credit beyond the catch-up window', () => {
    const rate = MiB
    const share = new FairShare<string>()
    share.add('first', 64 * KiB, rate)
    drive(share, 0)
    // A minute later, 4 MiB at once: only what fits the catch-up window goes at once.
    share.add('later', 4 * MiB, rate)
    const { grants } = drive(share, 60_000)
    const atOnce = grants.filter((g) => g.at === 60_000).reduce((n, g) => n + g.bytes, 0)
    expect(atOnce).toBeLessThanOrEqual((rate * FAIR_CATCH_UP_MS) / 1000 + FAIR_SLICE_BYTES)
    expect(grants.at(-1)!.at - 60_000).toBeGreaterThanOrEqual(
      ((4 * MiB - FAIR_SLICE_BYTES) / rate) * 1000 - 20,
    )
  })

  it('a waiter taken out is granted nothing more, and the others keep their turns and the rate', () => {
    const rate = 2 * MiB
    const share = new FairShare<string>()
    share.add('a', MiB, rate)
    share.add('gone', MiB, rate)
    share.add('b', MiB, rate)
    const grants: Grant[] = []
    let now = 0
    while (grants.filter((g) => g.token === 'gone').length < 2) {
      const step = share.step(now)
      if (step.kind === 'wait') now += step.ms
      else if (step.kind === 'granted') grants.push({ at: now, ...step })
    }
    expect(share.remove('gone')).toBe(true)
    expect(share.remove('gone')).toBe(false)
    expect(share.waiting).toBe(2)
    const rest = drive(share, now)
    expect(rest.grants.some((g) => g.token === 'gone')).toBe(false)
    expect(rest.grants.filter((g) => g.finished).map((g) => g.token)).toEqual(['a', 'b'])
    // The removed waiter's slices already granted stay spent: the rest takes its full time.
    const left = rest.grants.reduce((n, g) => n + g.bytes, 0)
    // a had two slices, b one (the turns went a, gone, b, a, gone).
    expect(left).toBe(2 * MiB - 3 * FAIR_SLICE_BYTES)
    expect(rest.end - now).toBeGreaterThanOrEqual(((left - FAIR_SLICE_BYTES) / rate) * 1000)
  })

  it('times each slice at its own waiter’s rate, and refuses a wait for nothing', () => {
    const share = new FairShare<string>()
    share.add('slow', 64 * KiB, 64 * KiB)
    share.add('fast', 64 * KiB, 640 * KiB)
    share.add('after', 1, 640 * KiB)
    const { grants } = drive(share, 0)
    // The slow waiter's slice holds the link a second, the fast one's a tenth.
    expect(grants.map((g) => [g.token, g.at])).toEqual([
      ['slow', 0],
      ['fast', 1000 - FAIR_CATCH_UP_MS],
      ['after', 1100 - FAIR_CATCH_UP_MS],
    ])
    expect(() => share.add('x', 0, MiB)).toThrow(RangeError)
    expect(() => share.add('x', 1, 0)).toThrow(RangeError)
  })

  it('follows a rate changed mid-wait from the next slice on, for the waiters already there', () => {
    const share = new FairShare<string>()
    share.add('a', MiB, 256 * KiB)
    share.add('b', MiB, 256 * KiB)
    const first = share.step(0)
    expect(first).toMatchObject({ kind: 'granted', token: 'a', bytes: FAIR_SLICE_BYTES })
    // The slice granted holds the link a quarter second at the old rate (less the catch-up it
    // started with); the slices after it go at 4 MiB/s.
    share.setRate(4 * MiB)
    const freeAt = SLICE_MS(256 * KiB) - FAIR_CATCH_UP_MS
    expect(share.step(0)).toEqual({ kind: 'wait', ms: freeAt })
    const { grants, end } = drive(share, freeAt)
    const left = 2 * MiB - FAIR_SLICE_BYTES
    expect(end - freeAt).toBeLessThanOrEqual((left / (4 * MiB)) * 1000)
    expect(end - freeAt).toBeGreaterThanOrEqual(((left - FAIR_SLICE_BYTES) / (4 * MiB)) * 1000)
    expect(grants.filter((g) => g.finished).map((g) => g.token)).toEqual(['a', 'b'])
    // And back down: the slices after a fall to 64 KiB/s take a second each.
    share.add('c', 3 * FAIR_SLICE_BYTES, 4 * MiB)
    share.setRate(64 * KiB)
    const slow = drive(share, 10_000)
    expect(slow.grants.map((g) => g.at)).toEqual([
      10_000,
      11_000 - FAIR_CATCH_UP_MS,
      12_000 - FAIR_CATCH_UP_MS,
    ])
    expect(() => share.setRate(0)).toThrow(RangeError)
  })

  it('lets every waiter through at once when the limit is lifted, whatever the timetable held', () => {
    const share = new FairShare<string>()
    for (const token of ['a', 'b', 'c']) share.add(token, 8 * MiB, 64 * KiB, token === 'c' ? 'a' : token)
    expect(share.step(0).kind).toBe('granted')
    // The next slice is a second away at 64 KiB/s; no limit does not wait for it.
    expect(share.step(1).kind).toBe('wait')
    share.setRate(Infinity)
    const grants: Grant[] = []
    for (let step = share.step(1); step.kind === 'granted'; step = share.step(1))
      grants.push({ at: 1, token: step.token, bytes: step.bytes, finished: step.finished })
    expect(share.step(1)).toEqual({ kind: 'idle' })
    expect(grants.every((g) => g.finished)).toBe(true)
    expect(grants.map((g) => g.token).sort()).toEqual(['a', 'b', 'c'])
    expect(grants.reduce((n, g) => n + g.bytes, 0)).toBe(24 * MiB - FAIR_SLICE_BYTES)
  })

  it('applies a limit set after none to the waits that follow, and gives back each waiter’s own', () => {
    const share = new FairShare<string>()
    // A waiter with no rate of its own (a job started without a limit) passes at once...
    share.add('free', 4 * MiB, Infinity)
    expect(share.step(0)).toEqual({ kind: 'granted', token: 'free', bytes: 4 * MiB, finished: true })
    // ...until a limit is set: from then on it is held to it like everyone.
    share.setRate(MiB)
    share.add('later', 4 * MiB, Infinity)
    const { end } = drive(share, 0)
    expect(end).toBeGreaterThanOrEqual(((4 * MiB - FAIR_SLICE_BYTES) / MiB) * 1000 - FAIR_CATCH_UP_MS)
    // Without the share's rate, each waiter has its own again.
    share.setRate(undefined)
    expect(share.rate).toBeUndefined()
    share.add('own', 2 * FAIR_SLICE_BYTES, 64 * KiB)
    const own = drive(share, 100_000)
    expect(own.grants.map((g) => g.at)).toEqual([100_000, 101_000 - FAIR_CATCH_UP_MS])
  })
})
