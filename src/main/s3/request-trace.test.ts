import { describe, expect, it } from 'vitest'
import { forgetSecretsInUse, rememberSecret } from '../../shared/secrets-in-use'
import { redactHeader, redactQuery, requestText, traceRequest, traceRequestsTo } from './request-trace'

const SIGNATURE = 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024'

describe('the --debug request trace', () => {
  it('redacts the signature, session tokens and SSE-C keys, and keeps the rest', () => {
    expect(
      redactHeader(
        'Authorization',
        `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261207/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`,
      ),
    ).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261207/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=[redacted]',
    )
    expect(redactHeader('authorization', 'AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=')).toBe(
      'AWS AKIAIOSFODNN7EXAMPLE:[redacted]',
    )
    expect(redactHeader('X-Amz-Security-Token', 'FwoGZXIvYXdz...')).toBe('[redacted]')
    expect(redactHeader('x-amz-server-side-encryption-customer-key', 'a2V5a2V5')).toBe('[redacted]')
    expect(redactHeader('x-amz-server-side-encryption-customer-key-MD5', 'bWQ1')).toBe('bWQ1')
    expect(redactHeader('content-md5', 'XrY7u+Ae7tCTyyK7j1rNww==')).toBe('XrY7u+Ae7tCTyyK7j1rNww==')
  })

  it('redacts presigned query signatures and tokens', () => {
    expect(
      redactQuery(
        `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Security-Token=FwoG%2Fabc&X-Amz-Signature=${SIGNATURE}&partNumber=2`,
      ),
    ).toBe(
      'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Security-Token=[redacted]&X-Amz-Signature=[redacted]&partNumber=2',
    )
    expect(redactQuery('AWSAccessKeyId=AKIA&Expires=1&Signature=abc%2Bdef')).toBe(
      'AWSAccessKeyId=AKIA&Expires=1&Signature=[redacted]',
    )
  })

  it('prints the method, the URL with its query, and sorted headers, with any secret in use redacted', () => {
    rememberSecret('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')
    try {
      const text = requestText({
        method: 'PUT',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 7480,
        path: '/bucket/key',
        query: { partNumber: '1', uploadId: 'u 1' },
        headers: {
          'x-amz-meta-note': 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
          authorization: `AWS4-HMAC-SHA256 Credential=A/1/r/s3/aws4_request, SignedHeaders=host, Signature=${SIGNATURE}`,
        },
      })
      expect(text).toBe(
        [
          '> PUT http://127.0.0.1:7480/bucket/key?partNumber=1&uploadId=u%201',
          '>   authorization: AWS4-HMAC-SHA256 Credential=A/1/r/s3/aws4_request, SignedHeaders=host, Signature=[redacted]',
          '>   x-amz-meta-note: [redacted]',
        ].join('\n'),
      )
    } finally {
      forgetSecretsInUse()
    }
  })

  it('prints nothing until a sink is set, then the request and its answer', () => {
    expect(() =>
      traceRequest({ method: 'GET', protocol: 'https', hostname: 'h', path: '/', headers: {} })(200),
    ).not.toThrow()
    const lines: string[] = []
    traceRequestsTo((line) => lines.push(line))
    try {
      traceRequest({
        method: 'HEAD',
        protocol: 'https',
        hostname: 's3.example.com',
        path: '/b/k?x=1',
        headers: {},
      })(404)
    } finally {
      traceRequestsTo(undefined)
    }
    expect(lines[0]).toBe('ferry debug:\n> HEAD https://s3.example.com/b/k?x=1\n')
    expect(lines[1]).toMatch(/^ferry debug: < 404 for HEAD \/b\/k \(\d+ ms\)\n$/)
  })
})
