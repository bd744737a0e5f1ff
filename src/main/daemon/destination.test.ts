import { describe, expect, it } from 'vitest'
import { parseDestination } from './destination'

describe('parseDestination', () => {
  it("reads s3daemon's ALIAS/BUCKET/KEY, keys with slashes kept whole", () => {
    expect(parseDestination('s3df/raw-data/2024/06/01/img 1.fits', '/x/img 1.fits')).toEqual({
      alias: 's3df',
      bucket: 'raw-data',
      key: '2024/06/01/img 1.fits',
    })
  })

  it('reads s3://BUCKET/KEY with no alias', () => {
    expect(parseDestination('s3://b/k/x.txt', '/x/y')).toEqual({ bucket: 'b', key: 'k/x.txt' })
  })

  it("puts the file's own name under a key ending in / or an empty key", () => {
    expect(parseDestination('a/b/dir/', '/tmp/my file.txt').key).toBe('dir/my file.txt')
    expect(parseDestination('a/b/', '/tmp/f.bin').key).toBe('f.bin')
    expect(parseDestination('s3://b', '/tmp/f.bin').key).toBe('f.bin')
  })

  it('refuses what is not a destination, with the forms it takes', () => {
    expect(() => parseDestination('bucket-only', '/f')).toThrow(
      expect.objectContaining({
        message: '"bucket-only" is not a destination',
        fix: expect.stringMatching(/ALIAS\/BUCKET\/KEY .*s3:\/\/BUCKET\/KEY/),
      }),
    )
    expect(() => parseDestination('alias/bucket', '/f')).toThrow(/not a destination/)
    expect(() => parseDestination('/abs/path', '/f')).toThrow(/not a destination/)
    expect(() => parseDestination('a/b c/k', '/f')).toThrow(/not a bucket name/)
    expect(() => parseDestination(`a/b/${'k'.repeat(1025)}`, '/f')).toThrow('the key is 1025 bytes long')
  })
})
