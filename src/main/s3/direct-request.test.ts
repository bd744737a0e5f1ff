import { describe, expect, it } from 'vitest'
import { directTarget } from './direct-request'

describe('directTarget: where a direct request goes, as the SDK would send it', () => {
  it('puts the bucket in the path for path-style endpoints, and encodes the key as S3 does', () => {
    expect(
      directTarget(
        { endpoint: 'http://127.0.0.1:7480', region: 'us-east-1', pathStyle: true },
        'b',
        "a b/+%/(x)!*'~/ü",
      ),
    ).toEqual({
      https: false,
      hostname: '127.0.0.1',
      port: 7480,
      host: '127.0.0.1:7480',
      path: '/b/a%20b/%2B%25/%28x%29%21%2A%27~/%C3%BC',
    })
  })

  it("puts a host-label bucket in AWS's regional host when no endpoint is given", () => {
    expect(directTarget({ endpoint: '', region: 'eu-west-3', pathStyle: false }, 'my-bucket', 'k')).toEqual({
      https: true,
      hostname: 'my-bucket.s3.eu-west-3.amazonaws.com',
      port: undefined,
      host: 'my-bucket.s3.eu-west-3.amazonaws.com',
      path: '/k',
    })
  })

  it('leaves to the SDK what it would address otherwise', () => {
    const aws = { endpoint: '', region: 'us-east-1', pathStyle: false }
    expect(directTarget(aws, 'dotted.bucket', 'k')).toBeUndefined()
    expect(directTarget(aws, 'Upper', 'k')).toBeUndefined()
    expect(
      directTarget({ endpoint: 'http://10.0.0.1:9000', region: '', pathStyle: false }, 'b1', 'k'),
    ).toBeUndefined()
    expect(
      directTarget({ endpoint: 'https://gw.example/s3', region: '', pathStyle: true }, 'b', 'k'),
    ).toBeUndefined()
    expect(directTarget({ endpoint: 'not a url', region: '', pathStyle: true }, 'b', 'k')).toBeUndefined()
  })
})
