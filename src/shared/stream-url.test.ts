import { describe, expect, it } from 'vitest'
import { redactUrl, urlFileName, urlHasSecret, validateStreamUrl } from './stream-url'

describe('stream URLs', () => {
  it('hides the password and keeps the user', () => {
    expect(redactUrl('https://ann:s3cret@example.com/a.bin')).toBe('https://ann@example.com/a.bin')
    expect(redactUrl('ftp://example.com/a.bin')).toBe('ftp://example.com/a.bin')
  })

  it("hides a presigned URL's signature and session token, which work as a password", () => {
    const url = 'https://h/b/k?X-Amz-Credential=AKIA%2F1&X-Amz-Security-Token=tok&X-Amz-Signature=abc123'
    expect(redactUrl(url)).toBe(
      'https://h/b/k?X-Amz-Credential=AKIA%2F1&X-Amz-Security-Token=redacted&X-Amz-Signature=redacted',
    )
    expect(urlHasSecret(url)).toBe(true)
    expect(urlHasSecret('https://ann:pw@h/a')).toBe(true)
    expect(urlHasSecret('https://h/a?x=1')).toBe(false)
  })

  it('accepts http, https, ftp and file, and refuses other schemes with a fix', () => {
    for (const url of ['http://h/a', 'https://h/a', 'ftp://h/a', 'file:///tmp/a'])
      expect(validateStreamUrl(url).href).toBe(new URL(url).href)
    expect(() => validateStreamUrl('sftp://h/a')).toThrow(/sftp, which Ferry cannot stream from/)
    expect(() => validateStreamUrl('/tmp/a')).toThrow(/is not a URL/)
    expect(() => validateStreamUrl('s3://bucket/key')).toThrow(/cannot stream from/)
  })

  it('names the key after the last path segment', () => {
    expect(urlFileName('https://h/dir/data%20set.tar.gz?x=1')).toBe('data set.tar.gz')
    expect(urlFileName('https://h/')).toBe('index')
  })
})
