import { describe, expect, it } from 'vitest'
import { FerryError } from './errors'
import { formatS3Url, isS3Url, parseS3Url } from './s3-url'

describe('parseS3Url', () => {
  it.each<[string, string, string]>([
    ['s3://photos', 'photos', ''],
    ['s3://photos/', 'photos', ''],
    ['s3://photos/2024/', 'photos', '2024/'],
    ['s3://photos/2024/trip.jpg', 'photos', '2024/trip.jpg'],
    ['s3://photos/my holiday photo.jpg', 'photos', 'my holiday photo.jpg'],
    ['s3://photos/a+b.txt', 'photos', 'a+b.txt'],
    ['s3://photos/100%25 done.txt', 'photos', '100%25 done.txt'],
    ['s3://photos/50% off', 'photos', '50% off'],
    ['s3://photos/Grüße/東京/🚀.png', 'photos', 'Grüße/東京/🚀.png'],
    ['s3://photos/a?b=c#d', 'photos', 'a?b=c#d'],
    ['s3://photos//leading-slash', 'photos', '/leading-slash'],
    ['s3://photos/line\nbreak', 'photos', 'line\nbreak'],
    ['s3://my.bucket-01/k', 'my.bucket-01', 'k'],
    ['s3://Legacy_Bucket/k', 'Legacy_Bucket', 'k'],
  ])('reads %j as bucket %j and key %j, verbatim', (text, bucket, key) => {
    expect(parseS3Url(text)).toEqual({ bucket, key })
  })

  it.each([
    '',
    'photos/key',
    '/photos/key',
    's3:/photos',
    's3://',
    's3:///key',
    'http://photos/key',
    'S3://photos/key',
    ' s3://photos/key',
    's3://my bucket/key',
  ])('rejects %j with a fix that shows the form', (text) => {
    let error: unknown
    try {
      parseS3Url(text)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(FerryError)
    const e = error as FerryError
    expect(e.code).toBe('bad-input')
    expect(e.fix).toMatch(/s3:\/\/BUCKET/)
  })

  it('round-trips with formatS3Url', () => {
    for (const loc of [
      { bucket: 'b1', key: '' },
      { bucket: 'b1', key: 'dir/' },
      { bucket: 'b1', key: 'a b+c%d/ü.txt' },
    ]) {
      expect(parseS3Url(formatS3Url(loc))).toEqual(loc)
    }
  })
})

describe('isS3Url', () => {
  it('tells S3 locations from local paths', () => {
    expect(isS3Url('s3://b/k')).toBe(true)
    expect(isS3Url('./s3://b')).toBe(false)
    expect(isS3Url('/home/me/file')).toBe(false)
    expect(isS3Url('C:\\data')).toBe(false)
  })
})
