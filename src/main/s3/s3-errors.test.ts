import { S3ServiceException } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { badInput, FerryError, type FerryErrorCode } from '../../shared/errors'
import { classifyFailure } from '../../shared/retry-policy'
import { failureFacts, toFerryError } from './s3-errors'

// The shapes below are what @aws-sdk/client-s3 3.x throws, as observed against a local HTTP
// server: service errors carry name (= the S3 code), Code and $metadata.httpStatusCode; error
// responses without a parsable body (HEAD, HTML pages) come out named "Unknown" or "NotFound"
// with the message "UnknownError"; network failures are Node errors with a code. radosgw
// 16.2 sends no <Message>, so its errors all read "UnknownError" (checked against the real server).

function s3Error(
  name: string,
  status: number,
  message = `${name} message from the server`,
): S3ServiceException {
  const e = new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, attempts: 1, totalRetryDelay: 0 },
    message,
  })
  // The XML deserializer copies the body's fields onto the error, Code among them.
  if (name !== 'Unknown' && name !== 'NotFound') Object.assign(e, { Code: name })
  return e
}

function nodeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, $metadata: { attempts: 1, totalRetryDelay: 0 } })
}

const deserialization = (detail: string) =>
  Object.assign(
    new Error(
      `@aws-sdk XML parse error: ${detail}.\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.`,
    ),
    { $metadata: { httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 } },
  )

const ctx = { bucket: 'photos', key: '2024/trip.jpg', endpoint: 'http://127.0.0.1:7480' }

interface Case {
  label: string
  error: unknown
  code: FerryErrorCode
  retryable: boolean
  context?: { bucket?: string; key?: string; endpoint?: string }
  message?: RegExp
  fix?: RegExp
}

const cases: Case[] = [
  {
    label: 'NoSuchBucket',
    error: s3Error('NoSuchBucket', 404),
    code: 'bucket-missing',
    retryable: false,
    context: { bucket: 'photos' },
    message: /"photos" does not exist/,
    fix: /create the bucket/,
  },
  {
    label: 'NoSuchKey',
    error: s3Error('NoSuchKey', 404),
    code: 'object-missing',
    retryable: false,
    message: /s3:\/\/photos\/2024\/trip\.jpg does not exist/,
  },
  {
    label: 'NotFound from HeadObject',
    error: s3Error('NotFound', 404, 'UnknownError'),
    code: 'object-missing',
    retryable: false,
  },
  {
    label: 'NotFound from HeadBucket',
    error: s3Error('NotFound', 404, 'UnknownError'),
    code: 'bucket-missing',
    retryable: false,
    context: { bucket: 'photos' },
  },
  { label: 'NoSuchUpload', error: s3Error('NoSuchUpload', 404), code: 'upload-missing', retryable: false },
  {
    label: 'AccessDenied',
    error: s3Error('AccessDenied', 403),
    code: 'access-denied',
    retryable: false,
    message: /s3:\/\/photos\/2024\/trip\.jpg/,
    fix: /permission/,
  },
  {
    label: 'a 403 without a body (HEAD)',
    error: s3Error('Unknown', 403, 'UnknownError'),
    code: 'access-denied',
    retryable: false,
  },
  {
    label: 'InvalidAccessKeyId',
    error: s3Error('InvalidAccessKeyId', 403),
    code: 'invalid-credentials',
    retryable: false,
    fix: /access key id/,
  },
  {
    label: 'SignatureDoesNotMatch',
    error: s3Error('SignatureDoesNotMatch', 403),
    code: 'invalid-credentials',
    retryable: false,
    fix: /secret access key/,
  },
  {
    label: 'RequestTimeTooSkewed',
    error: s3Error('RequestTimeTooSkewed', 403),
    code: 'clock-skew',
    retryable: true,
    fix: /clock/,
  },
  {
    label: 'ExpiredToken',
    error: s3Error('ExpiredToken', 400),
    code: 'credentials-expired',
    retryable: true,
    fix: /[Rr]efresh/,
  },
  {
    label: 'PreconditionFailed',
    error: s3Error('PreconditionFailed', 412),
    code: 'destination-exists',
    retryable: false,
    message: /already exists/,
    fix: /overwrite/,
  },
  {
    label: 'SlowDown',
    error: s3Error('SlowDown', 503),
    code: 'throttled',
    retryable: true,
    fix: /concurrency/,
  },
  { label: 'a bare 503', error: s3Error('Unknown', 503, 'UnknownError'), code: 'throttled', retryable: true },
  { label: 'InternalError', error: s3Error('InternalError', 500), code: 'server-error', retryable: true },
  {
    label: 'InternalError from radosgw (no message)',
    error: s3Error('InternalError', 500, 'UnknownError'),
    code: 'server-error',
    retryable: true,
    message: /^the server failed \(InternalError \(HTTP 500\)\)$/,
  },
  {
    label: 'an HTML 502 from a proxy',
    error: s3Error('Unknown', 502, 'UnknownError'),
    code: 'server-error',
    retryable: true,
    message: /^the server failed \(HTTP 502\)$/,
  },
  { label: 'NotImplemented', error: s3Error('NotImplemented', 501), code: 'internal', retryable: false },
  {
    label: 'EntityTooSmall',
    error: s3Error('EntityTooSmall', 400),
    code: 'bad-setting',
    retryable: false,
    fix: /5MiB/,
  },
  { label: 'BadDigest', error: s3Error('BadDigest', 400), code: 'integrity', retryable: true },
  {
    label: 'XAmzContentSHA256Mismatch',
    error: s3Error('XAmzContentSHA256Mismatch', 400),
    code: 'integrity',
    retryable: true,
  },
  {
    label: 'InvalidDigest (a malformed Content-MD5)',
    error: s3Error('InvalidDigest', 400),
    code: 'integrity',
    retryable: false,
  },
  {
    label: 'PermanentRedirect',
    error: s3Error('PermanentRedirect', 301),
    code: 'wrong-region',
    retryable: false,
    fix: /region/,
  },
  {
    label: 'a bare 301',
    error: s3Error('Unknown', 301, 'UnknownError'),
    code: 'wrong-region',
    retryable: false,
  },
  {
    label: 'InvalidBucketName',
    error: s3Error('InvalidBucketName', 400),
    code: 'bad-input',
    retryable: false,
  },
  { label: 'KeyTooLongError', error: s3Error('KeyTooLongError', 400), code: 'bad-input', retryable: false },
  { label: 'MetadataTooLarge', error: s3Error('MetadataTooLarge', 400), code: 'bad-input', retryable: false },
  {
    label: 'RequestTimeout (S3 400)',
    error: s3Error('RequestTimeout', 400),
    code: 'network',
    retryable: true,
  },
  {
    label: 'ECONNREFUSED',
    error: nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'),
    code: 'network',
    retryable: true,
    message: /refused/,
    fix: /port/,
  },
  {
    label: 'ENOTFOUND',
    error: nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND no-such-host.invalid'),
    code: 'network',
    retryable: true,
    message: /resolve/,
    fix: /endpoint URL/,
  },
  {
    label: 'EAI_AGAIN',
    error: nodeError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN s3.example.com'),
    code: 'network',
    retryable: true,
  },
  { label: 'ECONNRESET', error: nodeError('ECONNRESET', 'socket hang up'), code: 'network', retryable: true },
  {
    label: 'a request timeout from the SDK',
    error: Object.assign(new Error('Connection timed out after 10000 ms'), { name: 'TimeoutError' }),
    code: 'network',
    retryable: true,
  },
  {
    label: 'a self-signed certificate',
    error: nodeError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
    code: 'network',
    retryable: false,
    fix: /CA/,
  },
  {
    label: 'an HTML page with a stray tag',
    error: deserialization('mismatched tags <br> and </body>'),
    code: 'not-s3',
    retryable: false,
    fix: /S3 API/,
  },
  {
    label: 'a plain-text page',
    error: deserialization('unexpected content'),
    code: 'not-s3',
    retryable: false,
  },
  { label: 'a plain Error', error: new Error('boom'), code: 'internal', retryable: false, message: /boom/ },
  {
    label: 'a TypeError',
    error: new TypeError("Cannot read properties of undefined (reading 'x')"),
    code: 'internal',
    retryable: false,
  },
  {
    label: 'a thrown string',
    error: 'something odd',
    code: 'internal',
    retryable: false,
    message: /something odd/,
  },
  { label: 'undefined', error: undefined, code: 'internal', retryable: false },
  { label: 'null', error: null, code: 'internal', retryable: false },
  { label: 'an empty object', error: {}, code: 'internal', retryable: false },
]

describe('toFerryError', () => {
  it.each(cases)('maps $label to $code', ({ error, code, retryable, context, message, fix }) => {
    const e = toFerryError(error, context ?? ctx)
    expect(e).toBeInstanceOf(FerryError)
    expect(e.code).toBe(code)
    expect(e.retryable).toBe(retryable)
    expect(e.message.trim()).not.toBe('')
    expect(e.fix.trim()).not.toBe('')
    if (message) expect(e.message).toMatch(message)
    if (fix) expect(e.fix).toMatch(fix)
    expect(e.cause).toBe(error)
    // The value that crosses the bridge is plain data.
    expect(structuredClone(e.toValue())).toEqual(e.toValue())
  })

  it.each(cases.filter((c) => c.error instanceof S3ServiceException))(
    'agrees with the retry policy about $label',
    ({ error, retryable }) => {
      const reason = classifyFailure(failureFacts(error))
      expect(reason === 'permanent' ? false : true).toBe(retryable)
    },
  )

  it('names the S3 code and HTTP status in the detail', () => {
    expect(toFerryError(s3Error('AccessDenied', 403), ctx).detail).toBe('AccessDenied (HTTP 403)')
    expect(toFerryError(nodeError('ECONNRESET', 'socket hang up')).detail).toBe('ECONNRESET')
    expect(toFerryError(s3Error('Unknown', 403, 'UnknownError'), ctx).detail).toBe('HTTP 403')
    expect(toFerryError(new Error('boom')).detail).toBeUndefined()
  })

  it('never shows an empty cause in the message', () => {
    const aggregate = Object.assign(
      new AggregateError([nodeError('ECONNREFUSED', 'connect ECONNREFUSED ::1:7480')], ''),
      {
        code: 'ECONNREFUSED',
      },
    )
    const e = toFerryError(aggregate, { endpoint: 'http://localhost:7480' })
    expect(e.code).toBe('network')
    expect(e.message).not.toMatch(/\(\)/)
    expect(e.message).toContain('ECONNREFUSED')
  })

  it('names the endpoint when there is no bucket', () => {
    expect(
      toFerryError(s3Error('AccessDenied', 403), { endpoint: 'http://127.0.0.1:7480' }).message,
    ).toContain('http://127.0.0.1:7480')
    expect(toFerryError(s3Error('AccessDenied', 403)).message).toContain('the endpoint')
  })

  it('names the region S3 names for the bucket, from the redirect header or the error body', () => {
    const redirect = Object.assign(s3Error('PermanentRedirect', 301), {
      $response: { statusCode: 301, headers: { 'x-amz-bucket-region': 'eu-west-1' } },
    })
    expect(toFerryError(redirect, { bucket: 'photos' })).toMatchObject({
      code: 'wrong-region',
      message: 'bucket "photos" is in region eu-west-1, not the connection\'s',
      fix: "Set the connection's region to eu-west-1.",
    })
    const malformed = Object.assign(s3Error('AuthorizationHeaderMalformed', 400), { Region: 'ap-south-1' })
    expect(toFerryError(malformed, { bucket: 'photos' }).fix).toBe(
      "Set the connection's region to ap-south-1.",
    )
  })

  it('passes FerryErrors through untouched', () => {
    const original = badInput('x is wrong', 'Fix x.')
    expect(toFerryError(original, ctx)).toBe(original)
  })
})

describe('failureFacts', () => {
  it('reads the status and the S3 code of a service error', () => {
    expect(failureFacts(s3Error('SlowDown', 503))).toEqual({ status: 503, code: 'SlowDown' })
    expect(failureFacts(s3Error('NoSuchKey', 404))).toEqual({ status: 404, code: 'NoSuchKey' })
  })

  it('prefers Code over code over name', () => {
    expect(failureFacts({ Code: 'A', code: 'B', name: 'C' })).toEqual({ code: 'A' })
    expect(failureFacts({ code: 'B', name: 'C' })).toEqual({ code: 'B' })
    expect(failureFacts({ name: 'C' })).toEqual({ code: 'C' })
  })

  it('reads a Node error code and ignores generic names', () => {
    expect(failureFacts(nodeError('ECONNRESET', 'socket hang up'))).toEqual({ code: 'ECONNRESET' })
    expect(failureFacts(new Error('boom'))).toEqual({})
    expect(failureFacts(s3Error('Unknown', 502, 'UnknownError'))).toEqual({ status: 502 })
    expect(failureFacts({ name: 'UnknownError', $metadata: { httpStatusCode: 500 } })).toEqual({
      status: 500,
    })
  })

  it('falls back to the raw response status', () => {
    expect(failureFacts({ name: 'Unknown', $response: { statusCode: 429 } })).toEqual({ status: 429 })
  })

  it('returns no facts for nothing', () => {
    expect(failureFacts(undefined)).toEqual({})
    expect(failureFacts(null)).toEqual({})
    expect(failureFacts('text')).toEqual({})
  })
})
