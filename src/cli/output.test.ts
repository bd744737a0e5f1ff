import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { createS3Client } from '../main/s3/client-factory'
import { toFerryError } from '../main/s3/s3-errors'
import { forgetSecretsInUse, rememberCredentials } from '../shared/secrets-in-use'
import { badInput, FerryError } from '../shared/errors'
import { EXIT_FAILED, EXIT_USAGE } from './command'
import { jsonLines, redact, reportError, writeJson } from './output'

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
const TOKEN = 'FwoGZXIvYXdzEBYaDH+/token=='
const env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN }

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString())
      done()
    },
  })
  return { stream, text: () => chunks.join('') }
}

describe('redact', () => {
  it('removes every occurrence of the secret key and the session token', () => {
    const text = `key=${SECRET} again ${SECRET} token=${TOKEN}`
    const out = redact(text, env)
    expect(out).not.toContain(SECRET)
    expect(out).not.toContain(TOKEN)
    expect(out).toBe('key=[redacted] again [redacted] token=[redacted]')
  })

  it('keeps the access key id, which identifies but does not authorize', () => {
    expect(redact('id AKIDEXAMPLE', env)).toBe('id AKIDEXAMPLE')
  })

  it('leaves text alone when no secrets are set, and ignores values too short to be secrets', () => {
    expect(redact(`plain ${SECRET}`, {})).toBe(`plain ${SECRET}`)
    expect(redact('a b c', { AWS_SECRET_ACCESS_KEY: 'b' })).toBe('a b c')
    expect(redact('x', { AWS_SECRET_ACCESS_KEY: '' })).toBe('x')
  })

  it('treats secrets as text, not as patterns', () => {
    const tricky = 'a.b*c+d?(e)[f]$'
    expect(redact(`before ${tricky} after aXb`, { AWS_SECRET_ACCESS_KEY: tricky })).toBe(
      'before [redacted] after aXb',
    )
  })
})

describe('reportError', () => {
  it('writes one line with the message and the fix, redacted', () => {
    const err = sink()
    const code = reportError(
      new FerryError({ code: 'access-denied', message: `denied for ${SECRET}`, fix: 'Use other keys.' }),
      err.stream,
      env,
    )
    expect(code).toBe(EXIT_FAILED)
    expect(err.text()).toBe('ferry: denied for [redacted]. Fix: Use other keys.\n')
  })

  it('returns the usage exit code for bad input and bad settings', () => {
    expect(reportError(badInput('bad', 'fix it'), sink().stream, {})).toBe(EXIT_USAGE)
    expect(
      reportError(new FerryError({ code: 'bad-setting', message: 'm', fix: 'f' }), sink().stream, {}),
    ).toBe(EXIT_USAGE)
    expect(reportError(new Error('boom'), sink().stream, {})).toBe(EXIT_FAILED)
  })

  it('keeps a multi-line cause on one line', () => {
    const err = sink()
    const html = Object.assign(
      new Error(
        '@aws-sdk XML parse error: unexpected content.\n  Deserialization error: to see the raw response, inspect it.',
      ),
      { $metadata: { httpStatusCode: 200 } },
    )
    reportError(toFerryError(html), err.stream, {})
    const text = err.text()
    expect(text.endsWith('\n')).toBe(true)
    expect(text.slice(0, -1)).not.toMatch(/[\r\n]/)
    expect(text).toMatch(/Fix: Check the endpoint URL/)
  })
})

describe('writeJson', () => {
  it('writes one JSON line with secrets redacted', () => {
    const out = sink()
    writeJson(out.stream, { connection: { secretAccessKey: SECRET, sessionToken: TOKEN }, n: 1 }, env)
    const text = out.text()
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain(TOKEN)
    expect(text.endsWith('\n')).toBe(true)
    expect(JSON.parse(text)).toEqual({
      connection: { secretAccessKey: '[redacted]', sessionToken: '[redacted]' },
      n: 1,
    })
  })
})

describe('jsonLines', () => {
  it('writes the lines of a turn at once, every secret in any of them redacted', async () => {
    const out = sink()
    const lines = jsonLines(out.stream, env)
    lines.write({ event: 'done', key: `a-${SECRET}` })
    lines.write({ event: 'failed', message: `token ${TOKEN} and ${SECRET}` })
    expect(out.text()).toBe('')
    await new Promise((r) => setImmediate(r))
    expect(out.text()).toBe(
      '{"event":"done","key":"a-[redacted]"}\n{"event":"failed","message":"token [redacted] and [redacted]"}\n',
    )
    lines.write({ event: 'summary', secret: SECRET })
    lines.flush()
    expect(out.text().split('\n')[2]).toBe('{"event":"summary","secret":"[redacted]"}')
  })
})

describe('secrets in use, beyond the environment', () => {
  const PROFILE_SECRET = 'profileSecretFromAwsCredentialsFile000000'
  afterEach(() => forgetSecretsInUse())

  it('redacts a secret a connection or profile put to use, in errors and in --json output', () => {
    rememberCredentials({ secretAccessKey: PROFILE_SECRET, sessionToken: TOKEN })
    const out = sink()
    writeJson(out.stream, { error: `signature for ${PROFILE_SECRET}`, token: TOKEN }, {})
    expect(JSON.parse(out.text())).toEqual({ error: 'signature for [redacted]', token: '[redacted]' })
    const err = sink()
    reportError(badInput(`bad ${PROFILE_SECRET}`, 'fix'), err.stream, {})
    expect(err.text()).toBe('ferry: bad [redacted]. Fix: fix\n')
  })

  it('learns the keys of every S3 client Ferry builds', () => {
    expect(redact(`x ${PROFILE_SECRET}`, {})).toBe(`x ${PROFILE_SECRET}`)
    createS3Client({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      pathStyle: true,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: PROFILE_SECRET },
    }).destroy()
    expect(redact(`x ${PROFILE_SECRET}`, {})).toBe('x [redacted]')
  })

  it('redacts an environment secret pasted with its line break', () => {
    expect(redact(`key ${SECRET} end`, { AWS_SECRET_ACCESS_KEY: `${SECRET}\n` })).toBe('key [redacted] end')
  })
})
