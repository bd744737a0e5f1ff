import { describe, expect, it } from 'vitest'
import { syncEnds } from './sync-ends'

describe('syncEnds', () => {
  it('reads a local folder into S3 as an upload, and S3 into a folder as a download', () => {
    expect(syncEnds('./photos', 's3://bucket/photos/')).toEqual({
      direction: 'upload',
      local: './photos',
      bucket: 'bucket',
      prefix: 'photos/',
    })
    expect(syncEnds('s3://bucket', '/tmp/here')).toEqual({
      direction: 'download',
      local: '/tmp/here',
      bucket: 'bucket',
      prefix: '',
    })
  })

  it('takes a prefix without a trailing slash as that folder', () => {
    expect(syncEnds('dir', 's3://b/a/photos').prefix).toBe('a/photos/')
  })

  it.each([
    ['s3://a/x/', 's3://b/y/', /both sides are in S3/, /ferry cp/],
    ['./a', './b', /both sides are local/, /s3:\/\/BUCKET\/PREFIX\//],
    [
      './a',
      'http://example.com/x',
      /"http:\/\/example.com\/x" is neither an s3:\/\/ location nor a local folder/,
      /lowercase/,
    ],
    ['S3://bucket/x', './b', /neither an s3:\/\/ location/, /lowercase s3:\/\//],
    ['', 's3://b/', /an empty path/, /ferry sync/],
  ])('refuses %s %s with the fix', (source, destination, message, fix) => {
    expect(() => syncEnds(source, destination)).toThrow(
      expect.objectContaining({
        code: 'bad-input',
        message: expect.stringMatching(message),
        fix: expect.stringMatching(fix),
      }),
    )
  })

  it('refuses a bucket name that is not one', () => {
    expect(() => syncEnds('./a', 's3://my bucket/x')).toThrow(/is not a bucket name/)
  })
})
