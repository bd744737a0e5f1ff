import { describe, expect, it } from 'vitest'
import { keyBaseName, resolveLocation, resolveObject } from './location'

describe('resolveLocation', () => {
  it('reads s3:// URLs verbatim and bare keys in the default bucket', () => {
    expect(resolveLocation('s3://b/a b+c%d/ü.txt')).toEqual({ bucket: 'b', key: 'a b+c%d/ü.txt' })
    expect(resolveLocation('dir/file.txt', 'default')).toEqual({ bucket: 'default', key: 'dir/file.txt' })
  })

  it('asks for a bucket when there is no default', () => {
    expect(() => resolveLocation('dir/file.txt')).toThrow(/not an S3 location/)
  })

  it('refuses buckets and folders where an object is needed', () => {
    expect(() => resolveObject('s3://b')).toThrow(/not an object/)
    expect(() => resolveObject('s3://b/dir/')).toThrow(/not an object/)
  })
})

describe('keyBaseName', () => {
  it('is the last non-empty segment', () => {
    expect(keyBaseName('a/b/c.txt')).toBe('c.txt')
    expect(keyBaseName('c.txt')).toBe('c.txt')
    expect(keyBaseName('a/b/')).toBe('b')
    expect(keyBaseName('')).toBe('')
  })
})
