import { describe, expect, it } from 'vitest'
import { ProxyFailure, networkFailure } from './network-errors'
import { toFerryError } from './s3-errors'

const nodeError = (code: string, message: string, more: object = {}) =>
  Object.assign(new Error(message), { code }, more)

describe('networkFailure: proxy and TLS failures name the cause and a fix that works', () => {
  it('names each certificate problem Node reports', () => {
    const unknown = networkFailure(
      nodeError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'),
      'https://s3.corp',
    )!
    expect(unknown.message).toContain('https://s3.corp is signed by an unknown certificate authority')
    expect(unknown.fix).toContain('AWS_CA_BUNDLE=/path/to/ca.pem')
    expect(unknown.retryable).toBe(false)
    expect(
      networkFailure(nodeError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'x')!.message,
    ).toContain('is self-signed')
    expect(networkFailure(nodeError('CERT_HAS_EXPIRED', 'certificate has expired'), 'x')!.fix).toContain(
      'renewed',
    )
    const wrongHost = networkFailure(
      nodeError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames", {
        host: 's3.corp',
        cert: { subjectaltname: 'DNS:other.corp, IP Address:10.0.0.1' },
      }),
      'the endpoint',
    )!
    expect(wrongHost.message).toContain('is for other.corp, 10.0.0.1, not s3.corp')
    expect(
      networkFailure(nodeError('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'), 'x')!.fix,
    ).toContain('http://')
    expect(networkFailure(nodeError('ECONNRESET', 'socket hang up'), 'x')).toBeUndefined()
  })

  it('names the proxy: down (retried) or refusing CONNECT (not retried)', () => {
    const down = networkFailure(
      new ProxyFailure('http://p:3128', 'connect ECONNREFUSED', 'ECONNREFUSED'),
      'x',
    )!
    expect(down.message).toBe(
      'the proxy at http://p:3128 refused the connection: nothing answers at that address (connect ECONNREFUSED)',
    )
    expect(down.fix).toMatch(/^Check that the proxy runs at http:\/\/p:3128 and that HTTPS_PROXY/)
    expect(down.fix).toContain('NO_PROXY')
    expect(down.retryable).toBe(true)
    const unresolved = networkFailure(
      new ProxyFailure('socks5://proxy.corp:1080', 'getaddrinfo ENOTFOUND proxy.corp', 'ENOTFOUND'),
      'x',
    )!
    expect(unresolved.message).toBe(
      'the proxy at socks5://proxy.corp:1080 cannot be reached: its host name does not resolve (getaddrinfo ENOTFOUND proxy.corp)',
    )
    const refused = networkFailure(
      new ProxyFailure('http://p:3128', 'answered CONNECT with 403', 'EPROXYREFUSED'),
      'x',
    )!
    expect(refused.message).toContain('refused to connect to x')
    expect(refused.retryable).toBe(false)
    const auth = networkFailure(
      new ProxyFailure(
        'http://p:3128',
        'answered CONNECT with 407 Proxy Authentication Required',
        'EPROXYAUTH',
      ),
      'x',
    )!
    expect(auth.message).toBe(
      'proxy http://p:3128 asks for a user name and password (answered CONNECT with 407 Proxy Authentication Required)',
    )
    expect(auth.fix).toContain('HTTPS_PROXY=http://USER:PASSWORD@HOST:PORT')
    expect(auth.retryable).toBe(false)
  })

  it('is what toFerryError answers for the SDK', () => {
    const e = Object.assign(
      nodeError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'),
      {
        $metadata: {},
      },
    )
    expect(toFerryError(e, { endpoint: 'https://s3.corp' }).message).toContain(
      'the TLS certificate of https://s3.corp is signed by an unknown certificate authority',
    )
  })
})
