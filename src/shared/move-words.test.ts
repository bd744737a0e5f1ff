import { describe, expect, it } from 'vitest'
import type { SetProgress } from './domain/transfer'
import { requestWords, setCounts, setWords } from './move-words'

const rename = {
  source: { kind: 'prefix' as const, bucket: 'b', prefix: 'photos/' },
  target: { bucket: 'b', key: 'archive/photos/' },
}

const progress = (over: Partial<SetProgress>): SetProgress => ({
  label: '',
  objectsDone: 0,
  objectsTotal: 0,
  listed: false,
  skipped: 0,
  failed: 0,
  ...over,
})

describe('setWords', () => {
  it('says a folder renamed within its bucket by its keys alone', () => {
    expect(setWords(rename)).toBe('photos/ → archive/photos/')
    expect(setWords(rename, { arrow: ' to ' })).toBe('photos/ to archive/photos/')
  })

  it('names the bucket of another bucket, of another connection, and a root', () => {
    expect(setWords({ ...rename, target: { bucket: 'c', key: '' } })).toBe('photos/ → c/')
    expect(setWords(rename, { elsewhere: true })).toBe('photos/ → b/archive/photos/')
    expect(
      setWords({
        source: { kind: 'object', bucket: 'b', key: 'a.txt' },
        target: { bucket: 'b', key: 'x/a.txt' },
      }),
    ).toBe('a.txt → x/a.txt')
  })
})

describe('requestWords', () => {
  it('counts several items into the folder they went to', () => {
    const sets = [
      {
        source: { kind: 'object' as const, bucket: 'b', key: 'a.txt' },
        target: { bucket: 'o', key: 'x/a.txt' },
      },
      {
        source: { kind: 'prefix' as const, bucket: 'b', prefix: 'd/' },
        target: { bucket: 'o', key: 'x/d/' },
      },
      {
        source: { kind: 'object' as const, bucket: 'b', key: 'c.txt' },
        target: { bucket: 'o', key: 'x/c.txt' },
      },
    ]
    expect(requestWords(sets)).toBe('3 items → o/x/')
    expect(requestWords(sets.slice(1, 2))).toBe('d/ → o/x/d/')
  })

  it('says a folder moved to the root of its bucket', () => {
    const sets = [
      {
        source: { kind: 'prefix' as const, bucket: 'b', prefix: 'x/d/' },
        target: { bucket: 'b', key: 'd/' },
      },
      { source: { kind: 'object' as const, bucket: 'b', key: 'x/e' }, target: { bucket: 'b', key: 'e' } },
    ]
    expect(requestWords(sets)).toBe('2 items → b/')
  })
})

describe('setCounts', () => {
  it('says done of all once the listing found every object', () => {
    expect(setCounts(progress({ objectsDone: 40, objectsTotal: 200, listed: true }), 'move')).toBe(
      '40 of 200 objects',
    )
  })

  it('says at least while the listing goes on', () => {
    expect(setCounts(progress({ objectsDone: 40, objectsTotal: 1000 }), 'move')).toBe('40 of 1,000+ objects')
  })

  it('says what the journal knows of a set not run yet', () => {
    expect(setCounts(progress({ objectsDone: 75, objectsTotal: 75 }), 'move')).toBe('75 objects moved so far')
    expect(setCounts(progress({ objectsDone: 1, objectsTotal: 0 }), 'copy')).toBe('1 object copied so far')
  })

  it('adds what was skipped and what failed', () => {
    expect(
      setCounts(progress({ objectsDone: 9, objectsTotal: 10, listed: true, skipped: 2, failed: 1 }), 'move'),
    ).toBe('9 of 10 objects, 2 skipped, 1 failed')
  })
})
