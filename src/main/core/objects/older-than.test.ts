import { describe, expect, it } from 'vitest'
import { olderThan } from './older-than'

describe('olderThan', () => {
  const now = new Date('2026-01-02T12:00:00Z')
  const uploads = [
    { key: 'day-old', initiated: '2026-01-01T12:00:00Z' },
    { key: 'hour-old', initiated: '2026-01-02T11:00:00Z' },
    { key: 'fresh', initiated: '2026-01-02T11:59:59Z' },
    { key: 'ahead-of-our-clock', initiated: '2026-01-02T12:00:05Z' },
    { key: 'no-date', initiated: '' },
  ]

  it('keeps those started at least the age ago, the boundary included', () => {
    expect(olderThan(uploads, 3600, now).map((u) => u.key)).toEqual(['day-old', 'hour-old'])
    expect(olderThan(uploads, 86400, now).map((u) => u.key)).toEqual(['day-old'])
  })

  it('treats an age of 0 as all of them, even those stamped ahead of our clock', () => {
    expect(olderThan(uploads, 0, now)).toHaveLength(uploads.length)
  })

  it('never picks an upload whose start it cannot read', () => {
    expect(olderThan(uploads, 1, now).map((u) => u.key)).not.toContain('no-date')
  })
})
