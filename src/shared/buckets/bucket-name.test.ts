import { describe, expect, it } from 'vitest'
import { bucketNameProblem, checkBucketName } from './bucket-name'

describe('bucketNameProblem', () => {
  it.each(['abc', 'my-bucket', 'logs.example.com', 'a1-b2.c3', 'x'.repeat(63), '123'])('accepts %s', (name) =>
    expect(bucketNameProblem(name)).toBeUndefined(),
  )

  it.each([
    ['ab', 'at least 3'],
    ['x'.repeat(64), 'at most 63 characters (this one has 64)'],
    ['My-Bucket', 'no capital letters ("M")'],
    ['my_bucket', 'not "_"'],
    ['my bucket', 'not " "'],
    ['-bucket', 'begins and ends'],
    ['bucket.', 'begins and ends'],
    ['my..bucket', 'two dots'],
    ['my.-bucket', 'dot next to a hyphen'],
    ['192.168.5.4', 'IP address'],
    ['xn--bucket', 'begin with "xn--"'],
    ['sthree-data', 'begin with "sthree-"'],
    ['data-s3alias', 'end with "-s3alias"'],
    ['data--ol-s3', 'end with "--ol-s3"'],
    ['data.mrap', 'end with ".mrap"'],
    ['data--x-s3', 'end with "--x-s3"'],
  ])('refuses %s: %s', (name, reason) => {
    expect(bucketNameProblem(name)).toContain(reason)
  })

  it('throws a bad-input error naming the name, the rule and the fix', () => {
    expect(() => checkBucketName('Bad_Name')).toThrow(/"Bad_Name" cannot be a bucket name: .*capital/)
    try {
      checkBucketName('ab')
    } catch (e) {
      expect(e).toMatchObject({ code: 'bad-input', fix: expect.stringContaining('3-63') })
    }
  })
})
