import { describe, expect, it } from 'vitest'
import { FerryError } from './errors'
import {
  partRange,
  partRanges,
  planParts,
  validateConcurrency,
  validatePartSize,
  type PartPlan,
} from './part-plan'
import {
  DEFAULT_MULTIPART_THRESHOLD,
  DEFAULT_PART_SIZE,
  GiB,
  KiB,
  MAX_CONCURRENCY,
  MAX_OBJECT_SIZE,
  MAX_PARTS,
  MAX_PART_SIZE,
  MAX_SINGLE_PUT_SIZE,
  MiB,
  MIN_PART_SIZE,
  TiB,
} from './s3-limits'

function multipart(plan: PartPlan): Extract<PartPlan, { kind: 'multipart' }> {
  if (plan.kind !== 'multipart') throw new Error(`expected a multipart plan, got ${JSON.stringify(plan)}`)
  return plan
}

function thrown(fn: () => unknown): FerryError {
  try {
    fn()
  } catch (e) {
    if (e instanceof FerryError) return e
    throw e
  }
  throw new Error('expected a FerryError, nothing was thrown')
}

/**
 * Every byte of the object in exactly one part, parts in order, all but the last full-size.
 * Collects problems instead of asserting per part: plans have up to 10,000 parts.
 */
function expectExactCover(plan: { size: number; partSize: number; partCount: number }): void {
  const ranges = partRanges(plan)
  const problems: string[] = []
  if (ranges.length !== plan.partCount) problems.push(`${ranges.length} ranges for ${plan.partCount} parts`)
  let next = 0
  ranges.forEach((r, i) => {
    const length = r.end - r.start
    const last = i === ranges.length - 1
    if (r.partNumber !== i + 1) problems.push(`range ${i} has part number ${r.partNumber}`)
    if (r.start !== next) problems.push(`part ${r.partNumber} starts at ${r.start}, expected ${next}`)
    if (length <= 0 || length > plan.partSize) problems.push(`part ${r.partNumber} is ${length} bytes`)
    if (!last && length !== plan.partSize) problems.push(`inner part ${r.partNumber} is ${length} bytes`)
    if (!last && length < MIN_PART_SIZE) problems.push(`inner part ${r.partNumber} is below 5 MiB`)
    next = r.end
  })
  if (next !== plan.size) problems.push(`parts end at ${next}, object is ${plan.size}`)
  expect(problems, `plan ${JSON.stringify(plan)}`).toEqual([])
  expect(partRange(plan, plan.partCount)).toEqual(ranges[ranges.length - 1])
}

describe('planParts', () => {
  it('plans a 5 TiB object within 10,000 parts of at most 5 GiB, never below the size asked for', () => {
    for (const requested of [MIN_PART_SIZE, DEFAULT_PART_SIZE, 64 * MiB, 600 * MiB, MAX_PART_SIZE]) {
      const plan = multipart(planParts(MAX_OBJECT_SIZE, { partSize: requested }))
      expect(plan.partCount).toBeLessThanOrEqual(MAX_PARTS)
      expect(plan.partSize).toBeGreaterThanOrEqual(requested)
      expect(plan.partSize).toBeLessThanOrEqual(MAX_PART_SIZE)
      expect(plan.partCount * plan.partSize).toBeGreaterThanOrEqual(MAX_OBJECT_SIZE)
      expect((plan.partCount - 1) * plan.partSize).toBeLessThan(MAX_OBJECT_SIZE)
      expectExactCover(plan)
    }
  })

  it('raises the part size to a whole MiB only when the object would need more than 10,000 parts', () => {
    const plan = multipart(planParts(MAX_OBJECT_SIZE))
    expect(plan.partSize).toBeGreaterThan(DEFAULT_PART_SIZE)
    expect(plan.partSize % MiB).toBe(0)
    // The smallest whole-MiB size that fits: one MiB less would need more than MAX_PARTS.
    expect(Math.ceil(MAX_OBJECT_SIZE / (plan.partSize - MiB))).toBeGreaterThan(MAX_PARTS)

    const fits = multipart(planParts(MAX_PARTS * DEFAULT_PART_SIZE))
    expect(fits.partSize).toBe(DEFAULT_PART_SIZE)
    expect(fits.partCount).toBe(MAX_PARTS)

    const oneByteMore = multipart(planParts(MAX_PARTS * DEFAULT_PART_SIZE + 1))
    expect(oneByteMore.partSize).toBe(DEFAULT_PART_SIZE + MiB)
    expect(oneByteMore.partCount).toBeLessThanOrEqual(MAX_PARTS)
  })

  it('keeps an odd requested part size as given when it fits', () => {
    const partSize = 5 * MiB + 3
    const plan = multipart(planParts(100 * MiB, { partSize }))
    expect(plan.partSize).toBe(partSize)
    expect(plan.partCount).toBe(Math.ceil((100 * MiB) / partSize))
    expectExactCover(plan)
  })

  it('plans exactly k parts for k x partSize bytes and k + 1 for one byte more', () => {
    for (const k of [2, 3, 7, 100, MAX_PARTS]) {
      const exact = multipart(planParts(k * DEFAULT_PART_SIZE))
      expect(exact).toEqual({
        kind: 'multipart',
        size: k * DEFAULT_PART_SIZE,
        partSize: DEFAULT_PART_SIZE,
        partCount: k,
      })
      const last = partRange(exact, k)
      expect(last.end - last.start).toBe(DEFAULT_PART_SIZE)

      if (k < MAX_PARTS) {
        const plusOne = multipart(planParts(k * DEFAULT_PART_SIZE + 1))
        expect(plusOne.partSize).toBe(DEFAULT_PART_SIZE)
        expect(plusOne.partCount).toBe(k + 1)
        const tail = partRange(plusOne, k + 1)
        expect(tail).toEqual({
          partNumber: k + 1,
          start: k * DEFAULT_PART_SIZE,
          end: k * DEFAULT_PART_SIZE + 1,
        })
      }
    }
  })

  it('sends an empty object as a single PUT, whatever the threshold', () => {
    expect(planParts(0)).toEqual({ kind: 'single', size: 0 })
    expect(planParts(0, { multipartThreshold: 0 })).toEqual({ kind: 'single', size: 0 })
  })

  it('goes multipart at the threshold, not one byte below it', () => {
    expect(planParts(DEFAULT_MULTIPART_THRESHOLD - 1)).toEqual({
      kind: 'single',
      size: DEFAULT_MULTIPART_THRESHOLD - 1,
    })
    expect(planParts(DEFAULT_MULTIPART_THRESHOLD).kind).toBe('multipart')

    const threshold = 40 * MiB
    expect(planParts(threshold - 1, { multipartThreshold: threshold }).kind).toBe('single')
    expect(multipart(planParts(threshold, { multipartThreshold: threshold })).partCount).toBe(5)
  })

  it('never plans a single PUT above 5 GiB, even when the threshold is set higher', () => {
    const options = { multipartThreshold: 100 * GiB }
    expect(planParts(MAX_SINGLE_PUT_SIZE - 1, options).kind).toBe('single')
    expect(planParts(MAX_SINGLE_PUT_SIZE, options).kind).toBe('multipart')
  })

  it('plans one part when the threshold is below the part size', () => {
    const plan = multipart(planParts(MiB, { multipartThreshold: 1 }))
    expect(plan.partCount).toBe(1)
    expect(partRanges(plan)).toEqual([{ partNumber: 1, start: 0, end: MiB }])
  })

  it('rejects part sizes below 5 MiB with a fix that names the minimum', () => {
    for (const partSize of [0, 1, MIN_PART_SIZE - 1, 4 * MiB]) {
      const e = thrown(() => planParts(100 * MiB, { partSize }))
      expect(e.code).toBe('bad-setting')
      expect(e.message).toMatch(/minimum of 5 MiB/)
      expect(e.fix).toMatch(/at least 5MiB/)
    }
    expect(() => validatePartSize(MIN_PART_SIZE)).not.toThrow()
  })

  it('rejects part sizes above 5 GiB with a fix that names the maximum', () => {
    const e = thrown(() => planParts(100 * GiB, { partSize: MAX_PART_SIZE + 1 }))
    expect(e.code).toBe('bad-setting')
    expect(e.message).toMatch(/maximum of 5 GiB/)
    expect(e.fix).toMatch(/at most 5GiB/)
    expect(() => validatePartSize(MAX_PART_SIZE)).not.toThrow()
  })

  it('rejects part sizes that are not whole numbers of bytes without calling them too small', () => {
    for (const partSize of [8.5 * MiB + 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const e = thrown(() => validatePartSize(partSize))
      expect(e.code).toBe('bad-setting')
      expect(e.message).not.toMatch(/below/)
      expect(e.message).not.toMatch(/NaN KiB/)
      expect(e.fix).not.toBe('')
    }
  })

  it('validates the part size even for objects that go as a single PUT', () => {
    expect(() => planParts(10, { partSize: MiB })).toThrow(FerryError)
  })

  it('rejects objects over 5 TiB with a fix', () => {
    const e = thrown(() => planParts(MAX_OBJECT_SIZE + 1))
    expect(e.code).toBe('bad-input')
    expect(e.message).toMatch(/5 TiB/)
    expect(e.fix).toMatch(/5 TiB/)
    expect(() => planParts(6 * TiB)).toThrow(FerryError)
  })

  it('rejects sizes that are not whole, non-negative numbers', () => {
    for (const size of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const e = thrown(() => planParts(size))
      expect(e.code).toBe('bad-input')
      expect(e.fix).not.toBe('')
    }
  })
})

describe('partRange and partRanges', () => {
  it('cover every object exactly, with no gaps or overlaps, over many sizes and part sizes', () => {
    // A fixed pseudo-random sequence (LCG) so that a failure names a reproducible size.
    let seed = 12345
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const sizes = [
      1,
      2,
      KiB,
      MIN_PART_SIZE,
      DEFAULT_MULTIPART_THRESHOLD,
      123_456_789,
      10 * GiB + 1,
      MAX_OBJECT_SIZE,
    ]
    for (let i = 0; i < 300; i++) sizes.push(Math.floor(next() * 50 * GiB) + 1)
    const partSizes = [MIN_PART_SIZE, DEFAULT_PART_SIZE, 5 * MiB + 1, 100 * MiB - 7]
    for (const size of sizes) {
      for (const partSize of partSizes) {
        const plan = planParts(size, { partSize, multipartThreshold: 1 })
        const mp = multipart(plan)
        expect(mp.partCount).toBeLessThanOrEqual(MAX_PARTS)
        expect(mp.partSize).toBeLessThanOrEqual(MAX_PART_SIZE)
        expectExactCover(mp)
      }
    }
    // About 12 million part ranges checked: 2 s on a quiet machine, far more on a busy one.
  }, 60_000)

  it('rejects part numbers outside the plan', () => {
    const plan = multipart(planParts(20 * MiB, { partSize: 8 * MiB }))
    expect(plan.partCount).toBe(3)
    for (const partNumber of [0, -1, 4, 1.5]) {
      expect(() => partRange(plan, partNumber)).toThrow(FerryError)
    }
    expect(partRange(plan, 3)).toEqual({ partNumber: 3, start: 16 * MiB, end: 20 * MiB })
  })
})

describe('validateConcurrency', () => {
  it('accepts 1 to MAX_CONCURRENCY and rejects the rest with a fix', () => {
    expect(() => validateConcurrency(1)).not.toThrow()
    expect(() => validateConcurrency(MAX_CONCURRENCY)).not.toThrow()
    for (const c of [0, -1, MAX_CONCURRENCY + 1, 2.5, Number.NaN]) {
      const e = thrown(() => validateConcurrency(c))
      expect(e.code).toBe('bad-setting')
      expect(e.fix).toContain(String(MAX_CONCURRENCY))
    }
  })
})
