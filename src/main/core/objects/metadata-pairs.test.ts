import { describe, expect, it } from 'vitest'
import { nextMetadata } from './update-metadata'
import { parseMetadataPairs } from './metadata-pairs'

describe('parseMetadataPairs', () => {
  it('splits at the first "=", lower-cases names, allows empty values', () => {
    expect(parseMetadataPairs(['Owner=alice', 'q=a=b', 'note='], '--set')).toEqual({
      owner: 'alice',
      q: 'a=b',
      note: '',
    })
  })

  it('rejects pairs without a name and names given twice', () => {
    expect(() => parseMetadataPairs(['=x'], '--set')).toThrow(/not KEY=VALUE/)
    expect(() => parseMetadataPairs(['novalue'], '--set')).toThrow(/not KEY=VALUE/)
    expect(() => parseMetadataPairs(['a=1', 'A=2'], '--set')).toThrow(/twice/)
  })

  it('keeps __proto__ a plain name', () => {
    expect(Object.keys(parseMetadataPairs(['__proto__=x'], '--set'))).toEqual(['__proto__'])
  })
})

describe('nextMetadata', () => {
  it('sets, changes and unsets keys and keeps the others', () => {
    expect(
      nextMetadata(
        { keep: '1', change: 'old', drop: 'x' },
        { set: { Change: 'new', add: 'ü' }, unset: ['DROP', 'absent'] },
      ),
    ).toEqual({
      keep: '1',
      change: 'new',
      add: 'ü',
    })
  })

  it('refuses a key both set and unset, bad names, and more than 2 KB', () => {
    expect(() => nextMetadata({}, { set: { a: '1' }, unset: ['A'] })).toThrow(/both set and unset/)
    expect(() => nextMetadata({}, { set: { 'bad name': '1' } })).toThrow(/invalid metadata name/)
    expect(() => nextMetadata({ big: 'x'.repeat(1500) }, { set: { more: 'y'.repeat(600) } })).toThrow(
      /over S3's limit/,
    )
  })
})
