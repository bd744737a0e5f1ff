import { describe, expect, it } from 'vitest'
import { FerryError } from './errors'
import { GiB, KiB, MiB, TiB } from './s3-limits'
import { formatBytes, parseDuration, parseSize } from './sizes'

function thrown(fn: () => unknown): FerryError {
  try {
    fn()
  } catch (e) {
    if (e instanceof FerryError) return e
    throw e
  }
  throw new Error('expected a FerryError, nothing was thrown')
}

describe('parseSize', () => {
  it.each<[string, number]>([
    ['0', 0],
    ['1048576', MiB],
    ['512b', 512],
    ['512B', 512],
    ['1k', KiB],
    ['1KB', KiB],
    ['1KiB', KiB],
    ['5m', 5 * MiB],
    ['8MB', 8 * MiB],
    ['8MiB', 8 * MiB],
    ['8mib', 8 * MiB],
    ['8 MiB', 8 * MiB],
    [' 16MiB ', 16 * MiB],
    ['1.5MiB', 1.5 * MiB],
    ['0.5k', 512],
    ['1g', GiB],
    ['5GB', 5 * GiB],
    ['5GiB', 5 * GiB],
    ['2t', 2 * TiB],
    ['5TiB', 5 * TiB],
  ])('reads %j as %d bytes (binary units)', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes)
  })

  it.each([
    '',
    ' ',
    'MiB',
    '-1',
    '-8MiB',
    '8 MiBs',
    '8XB',
    '1e6',
    '1,000',
    '1.2.3',
    '8 M iB',
    'Infinity',
    'NaN',
    '0x10',
  ])('rejects %j with a message naming the input and a fix with examples', (text) => {
    const e = thrown(() => parseSize(text, 'part size'))
    expect(e.code).toBe('bad-input')
    expect(e.message).toContain(`part size "${text}"`)
    expect(e.fix).toMatch(/8MiB/)
  })

  it('names the default "size" when no label is given', () => {
    expect(thrown(() => parseSize('lots')).message).toBe('size "lots" is not a size')
  })

  it('rounds fractional bytes to a whole number', () => {
    expect(Number.isInteger(parseSize('1.3k'))).toBe(true)
    expect(parseSize('1.3k')).toBe(Math.round(1.3 * KiB))
  })

  it('rejects sizes too large to count in whole bytes', () => {
    const e = thrown(() => parseSize('99999999999999999999TiB', 'part size'))
    expect(e.code).toBe('bad-input')
    expect(e.fix).not.toBe('')
  })
})

describe('parseDuration', () => {
  it.each<[string, number]>([
    ['0', 0],
    ['90', 90],
    ['90s', 90],
    ['15m', 15 * 60],
    ['24h', 24 * 3600],
    ['7d', 7 * 86_400],
    ['1w', 604_800],
    [' 2 h ', 7200],
  ])('reads %j as %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds)
  })

  it.each(['', 'h', '1.5h', '-1h', '10y', '1h30m', 'soon'])('rejects %j with a fix', (text) => {
    const e = thrown(() => parseDuration(text, 'expiry'))
    expect(e.code).toBe('bad-input')
    expect(e.message).toContain(`expiry "${text}"`)
    expect(e.fix).toMatch(/15m/)
  })
})

describe('formatBytes', () => {
  it.each<[number, string]>([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [KiB, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [10 * KiB, '10 KiB'],
    [5 * MiB, '5.0 MiB'],
    [8 * MiB, '8.0 MiB'],
    [100 * MiB, '100 MiB'],
    [5 * GiB, '5.0 GiB'],
    [5 * TiB, '5.0 TiB'],
    [2048 * TiB, '2048 TiB'],
  ])('formats %d as %j', (n, text) => {
    expect(formatBytes(n)).toBe(text)
  })

  it('never shows a value that belongs to the next unit', () => {
    // Just below a unit boundary must not print "1024 KiB" or "10.0 KiB".
    for (const n of [MiB - 1, GiB - 1, TiB - 1]) expect(formatBytes(n)).not.toMatch(/^1024 /)
    expect(formatBytes(MiB - 1)).toBe('1.0 MiB')
    expect(formatBytes(10 * KiB - 1)).toBe('10 KiB')
    expect(formatBytes(9.94 * KiB)).toBe('9.9 KiB')
  })

  it('round-trips through parseSize for whole units', () => {
    for (const n of [KiB, 5 * MiB, 100 * MiB, 5 * GiB, 3 * TiB]) {
      expect(parseSize(formatBytes(n).replace(' ', ''))).toBe(n)
    }
  })
})
