import { describe, expect, it } from 'vitest'
import { FerryError } from '../../shared/errors'
import { forgetSecretsInUse, redactSecrets } from '../../shared/secrets-in-use'
import { checkNetwork, connectionProxy, environmentHasProxy, environmentProxy } from './network-settings'

/** A bad-setting FerryError with this message, whose fix says this. */
const badSetting = (message: string, fix: string) =>
  expect.objectContaining({ code: 'bad-setting', message, fix: expect.stringContaining(fix) }) as unknown

describe('the proxy settings', () => {
  it('sees a proxy variable in either case', () => {
    expect(environmentHasProxy({})).toBe(false)
    expect(environmentHasProxy({ NO_PROXY: '*' })).toBe(false)
    for (const name of ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'])
      expect(environmentHasProxy({ [name]: 'http://proxy:3128' })).toBe(true)
  })

  it('reads a proxy without a scheme as http://, as curl does, for https requests too', () => {
    const env = { HTTPS_PROXY: 'proxy.corp:8080', http_proxy: 'http://plain.corp:3128' }
    // What proxy-from-env hands over: the request's scheme put in front.
    expect(environmentProxy('https://proxy.corp:8080', 'https://s3.corp/b/k', env)).toBe(
      'http://proxy.corp:8080/',
    )
    expect(environmentProxy('http://plain.corp:3128', 'http://s3.corp/b/k', env)).toBe(
      'http://plain.corp:3128/',
    )
    // NO_PROXY exempted the host: proxy-from-env chose nothing, and nothing it stays.
    expect(environmentProxy('', 'https://s3.corp/b/k', env)).toBe('')
    expect(environmentProxy('https://all:1', 'https://s3.corp/', { all_proxy: 'all:1' })).toBe(
      'http://all:1/',
    )
    expect(connectionProxy('proxy.corp:8080')).toBe('http://proxy.corp:8080/')
  })

  it("redacts the proxy's password wherever a message might echo it", () => {
    try {
      checkNetwork({}, { HTTPS_PROXY: 'http://me:p%40ss-word-1@proxy:3128' })
      expect(redactSecrets('via http://me:p%40ss-word-1@proxy:3128 (p@ss-word-1)')).toBe(
        'via http://me:[redacted]@proxy:3128 ([redacted])',
      )
    } finally {
      forgetSecretsInUse()
    }
  })

  it('takes the lower-case variable first, as proxy-from-env does', () => {
    expect(
      environmentProxy('https://lower:1', 'https://s3.corp/', {
        https_proxy: 'lower:1',
        HTTPS_PROXY: 'upper:2',
      }),
    ).toBe('http://lower:1/')
  })

  it('refuses a proxy variable that is no URL or speaks no proxy protocol, naming it, before any request', () => {
    expect(() => checkNetwork({}, { HTTPS_PROXY: 'http://user:hunter22@bad host:1' })).toThrow(
      badSetting(
        'the proxy "http://user:****@bad host:1" (HTTPS_PROXY) is not a URL',
        'Set HTTPS_PROXY to http://HOST:PORT',
      ),
    )
    expect(() => checkNetwork({}, { all_proxy: 'ftp://proxy:21' })).toThrow(
      badSetting('the proxy "ftp://proxy:21" (all_proxy) uses ftp:, which Ferry cannot speak', 'all_proxy'),
    )
    // The connection's own proxy (or "none") stands instead of the environment's.
    expect(() => checkNetwork({ proxy: 'none' }, { HTTPS_PROXY: 'ftp://proxy:21' })).not.toThrow()
    expect(() => checkNetwork({ proxy: 'http://p:1' }, { HTTPS_PROXY: 'ftp://proxy:21' })).not.toThrow()
    expect(() => connectionProxy('gopher://p:70')).toThrow(FerryError)
  })
})
