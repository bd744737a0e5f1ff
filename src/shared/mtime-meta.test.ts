import { describe, expect, it } from 'vitest'
import { metadataBytes } from './metadata'
import { MAX_USER_METADATA_BYTES } from './s3-limits'
import {
  decodeMtime,
  encodeMtime,
  MTIME_METADATA,
  mtimeMetadata,
  objectMtime,
  withFileMtime,
} from './mtime-meta'

describe('encodeMtime: rclone form, seconds with nine decimals', () => {
  it('writes whole and fractional milliseconds exactly', () => {
    expect(encodeMtime(1_733_500_000_123)).toBe('1733500000.123000000')
    expect(encodeMtime(1_733_500_000_000)).toBe('1733500000.000000000')
    expect(encodeMtime(0)).toBe('0.000000000')
    expect(encodeMtime(1_733_500_000_123.25)).toBe('1733500000.123250000')
    expect(encodeMtime(999)).toBe('0.999000000')
  })

  it('refuses what is not a time', () => {
    expect(() => encodeMtime(Number.NaN)).toThrow(RangeError)
    expect(() => encodeMtime(-1)).toThrow(RangeError)
    expect(() => encodeMtime(1e17)).toThrow(RangeError)
  })

  it('gives the metadata under the name rclone and Cyberduck read', () => {
    expect(MTIME_METADATA).toBe('mtime')
    expect(mtimeMetadata(1_000)).toEqual({ mtime: '1.000000000' })
  })
})

describe('decodeMtime: rclone, Cyberduck and millisecond forms', () => {
  it("reads rclone's seconds with a fraction, to the nanosecond's millisecond share", () => {
    expect(decodeMtime('1733500000.123456789')).toBeCloseTo(1_733_500_000_123 + 0.456789, 3)
    expect(decodeMtime('1733500000.5')).toBe(1_733_500_000_500)
    expect(decodeMtime(' 1733500000.250 ')).toBe(1_733_500_000_250)
  })

  it("reads Cyberduck's whole seconds, and 12 digits or more as milliseconds as Cyberduck does", () => {
    expect(decodeMtime('1733500000')).toBe(1_733_500_000_000)
    expect(decodeMtime('1')).toBe(1_000)
    expect(decodeMtime('1530305150672')).toBe(1_530_305_150_672)
  })

  it('refuses anything else, so the caller falls back to Last-Modified', () => {
    for (const bad of [
      '',
      'abc',
      '-5',
      '1e9',
      '2024-12-06T12:00:00Z',
      '1.2.3',
      '1.1234567891',
      '99999999999999999',
    ]) {
      expect(decodeMtime(bad), bad).toBeUndefined()
    }
  })

  it('round-trips any file time to within a microsecond', () => {
    for (const ms of [
      0,
      1,
      999.999,
      1_733_500_000_123,
      1_733_500_000_123 + 0.4567,
      4_102_444_800_000 + 0.001,
    ]) {
      const back = decodeMtime(encodeMtime(ms))
      expect(back, String(ms)).toBeDefined()
      expect(Math.abs(back! - ms), String(ms)).toBeLessThan(0.001)
    }
    // Whole milliseconds come back exactly.
    expect(decodeMtime(encodeMtime(1_733_500_000_123))).toBe(1_733_500_000_123)
  })
})

describe('objectMtime: the time a downloaded file gets', () => {
  const lastModified = new Date('2024-12-06T12:00:00Z')

  it('prefers a valid x-amz-meta-mtime, from the SDK map or raw headers, in any case', () => {
    expect(objectMtime({ mtime: '1733500000.5' }, lastModified)).toEqual({
      ms: 1_733_500_000_500,
      from: 'metadata',
    })
    expect(objectMtime({ Mtime: '1733500000' }, lastModified)).toEqual({
      ms: 1_733_500_000_000,
      from: 'metadata',
    })
    expect(objectMtime({ 'X-Amz-Meta-Mtime': '1733500000' }, undefined)).toEqual({
      ms: 1_733_500_000_000,
      from: 'metadata',
    })
  })

  it('falls back to Last-Modified when the metadata is missing or not a time', () => {
    const fallback = { ms: lastModified.getTime(), from: 'last-modified' }
    expect(objectMtime(undefined, lastModified)).toEqual(fallback)
    expect(objectMtime({ other: '1' }, lastModified)).toEqual(fallback)
    expect(objectMtime({ mtime: 'yesterday' }, lastModified)).toEqual(fallback)
    expect(objectMtime({ mtime: undefined }, lastModified.getTime())).toEqual(fallback)
  })

  it('knows no time when there is neither', () => {
    expect(objectMtime({ mtime: 'bad' }, undefined)).toBeUndefined()
    expect(objectMtime({}, new Date(Number.NaN))).toBeUndefined()
  })
})

describe("withFileMtime: an upload's metadata", () => {
  it("adds the file's time to the metadata given, leaving it unchanged", () => {
    const given = { owner: 'ana' }
    expect(withFileMtime(given, 1_733_500_000_123)).toEqual({ owner: 'ana', mtime: '1733500000.123000000' })
    expect(given).toEqual({ owner: 'ana' })
  })

  it('keeps an mtime the person set, whatever its case', () => {
    expect(withFileMtime({ mtime: '5' }, 1_000)).toEqual({ mtime: '5' })
    expect(withFileMtime({ MTime: '5' }, 1_000)).toEqual({ MTime: '5' })
  })

  it("adds no time when it would push the person's metadata past S3's 2 KB limit", () => {
    const near = { note: 'x'.repeat(MAX_USER_METADATA_BYTES - 'note'.length - 10) }
    expect(metadataBytes(near)).toBeLessThanOrEqual(MAX_USER_METADATA_BYTES)
    expect(withFileMtime(near, 1_733_500_000_123)).toEqual(near)
    const over = { note: 'x'.repeat(MAX_USER_METADATA_BYTES) }
    expect(withFileMtime(over, 1_733_500_000_123)).toEqual(over)
  })

  it('adds no time for a file dated before 1970, rather than failing its upload', () => {
    expect(withFileMtime({ owner: 'ana' }, -5_000)).toEqual({ owner: 'ana' })
  })
})
