import { describe, expect, it } from 'vitest'
import { grouped, plural } from './plural'

describe('plural', () => {
  it('groups digits by threes as en-US does', () => {
    for (const n of [0, 7, 999, 1000, 10020, 123456, 1234567, 1000000000])
      expect(grouped(n)).toBe(n.toLocaleString('en-US'))
  })
  it('says one thing, or many', () => {
    expect(plural(1, 'file')).toBe('1 file')
    expect(plural(0, 'file')).toBe('0 files')
    expect(plural(10020, 'transfer')).toBe('10,020 transfers')
  })
})
