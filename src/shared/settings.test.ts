import { describe, expect, it } from 'vitest'
import { MAX_CONCURRENCY, MIN_PART_SIZE, MiB } from './s3-limits'
import {
  DEFAULT_SETTINGS,
  MIN_BANDWIDTH_LIMIT,
  resumeOnStartFrom,
  settingsChangeSchema,
  settingsFrom,
} from './settings'

const problem = (change: unknown) => {
  const parsed = settingsChangeSchema.safeParse(change)
  return parsed.success ? null : parsed.error.issues[0]!.message
}

describe('settings', () => {
  it("rejects values outside S3's limits with a message that says what to enter", () => {
    expect(problem({ partSize: MIN_PART_SIZE - 1 })).toMatch(/at least 5 MiB.*enter 5 or more/)
    expect(problem({ partSize: 6 * 1024 * 1024 * 1024 })).toMatch(/at most 5120 MiB/)
    expect(problem({ partSize: 8.5 * MiB + 0.5 })).toMatch(/whole number/)
    expect(problem({ concurrency: 0 })).toMatch(/at least 1/)
    expect(problem({ concurrency: MAX_CONCURRENCY + 1 })).toMatch(`enter ${MAX_CONCURRENCY} or less`)
    expect(problem({ maxBytesPerSecond: MIN_BANDWIDTH_LIMIT - 1 })).toMatch(/at least 64 KiB\/s; enter 0/)
    expect(problem({ maxBytesPerSecond: -1 })).toMatch(/cannot be negative/)
    expect(problem({ ifExists: 'replace' })).not.toBeNull()
    expect(problem({ keepAwake: 'sometimes' })).toMatch(/on-ac/)
  })

  it('accepts the defaults, no limit, and a change of one field alone', () => {
    expect(problem(DEFAULT_SETTINGS)).toBeNull()
    expect(problem({ maxBytesPerSecond: 0 })).toBeNull()
    expect(problem({ concurrency: MAX_CONCURRENCY })).toBeNull()
    expect(problem({ unknownField: 1 })).not.toBeNull()
  })

  it('reads stored settings field by field: a bad one falls back to its default, the rest stay', () => {
    expect(settingsFrom(undefined)).toEqual(DEFAULT_SETTINGS)
    expect(settingsFrom({ partSize: 1, concurrency: 12, keepAwake: 'never' })).toEqual({
      ...DEFAULT_SETTINGS,
      concurrency: 12,
      keepAwake: 'never',
    })
  })

  it('lets FERRY_RESUME_ON_START override the setting either way', () => {
    const on = { ...DEFAULT_SETTINGS, resumeOnStart: true }
    const off = { ...DEFAULT_SETTINGS, resumeOnStart: false }
    expect(resumeOnStartFrom({}, on)).toBe(true)
    expect(resumeOnStartFrom({}, off)).toBe(false)
    expect(resumeOnStartFrom({ FERRY_RESUME_ON_START: '0' }, on)).toBe(false)
    expect(resumeOnStartFrom({ FERRY_RESUME_ON_START: '1' }, off)).toBe(true)
  })
})
