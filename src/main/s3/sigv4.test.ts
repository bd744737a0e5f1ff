import { createHash, createHmac } from 'node:crypto'
import { SignatureV4 } from '@smithy/signature-v4'
import { describe, expect, it } from 'vitest'
import { signHeaders, type RequestToSign, type SigningCredentials } from './sigv4'

type SourceData = string | ArrayBuffer | ArrayBufferView
const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data)

/** The SDK's hash interface over node:crypto: SHA-256, or HMAC-SHA256 when given a key. */
class Sha256 {
  readonly #hash
  constructor(secret?: SourceData) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret))
  }
  update(data: SourceData): void {
    this.#hash.update(bytes(data))
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.#hash.digest())
  }
}

const KEYS: SigningCredentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
}

async function sdkSigned(
  request: RequestToSign,
  credentials: SigningCredentials,
  region: string,
  date: Date,
) {
  const signer = new SignatureV4({
    service: 's3',
    region,
    credentials,
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  })
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: 'h',
      path: request.path,
      query: request.query,
      headers: request.headers,
    },
    { signingDate: date },
  )
  return signed.headers
}

const base: RequestToSign = {
  method: 'PUT',
  path: '/bucket/a%20b/%2B%25/%C3%BC',
  query: {},
  headers: {
    host: '127.0.0.1:7480',
    'content-length': '65536',
    'content-md5': '1B2M2Y8AsgTpgAEAAAAAAA==',
    'content-type': 'application/octet-stream',
    'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
  },
}

describe('signHeaders: SigV4 as the SDK signs it', () => {
  const cases: [string, RequestToSign, SigningCredentials, string][] = [
    ['a PutObject', base, KEYS, 'us-east-1'],
    [
      'an UploadPart, whose query names sort and encode',
      { ...base, query: { uploadId: '2~abc/+=DEF', partNumber: '17' } },
      KEYS,
      'eu-west-3',
    ],
    [
      'headers the SDK leaves unsigned, metadata with runs of spaces, a conditional write',
      {
        ...base,
        headers: {
          ...base.headers,
          'cache-control': 'max-age=60',
          'user-agent': 'ferry',
          'x-amz-meta-note': '  two   spaces\tand a tab ',
          'x-amz-meta-city': '=?UTF-8?B?w5xzdMO8?=',
          'x-amz-storage-class': 'STANDARD_IA',
          'if-none-match': '*',
        },
      },
      KEYS,
      'us-east-1',
    ],
    [
      'a session token',
      base,
      { ...KEYS, sessionToken: 'FwoGZXIvYXdzEB0aDH//token+with/slash==' },
      'us-west-2',
    ],
  ]

  for (const [what, request, credentials, region] of cases)
    it(`matches the SDK for ${what}`, async () => {
      const date = new Date('2026-11-21T23:59:58.123Z')
      expect(signHeaders(request, credentials, { region, service: 's3', date })).toEqual(
        await sdkSigned(request, credentials, region, date),
      )
    })

  it('derives a new key when the day, the region or the secret changes', async () => {
    const days = [new Date('2026-11-21T23:59:59Z'), new Date('2026-11-22T00:00:00Z')]
    for (const date of days)
      for (const region of ['us-east-1', 'eu-central-1'])
        for (const credentials of [KEYS, { ...KEYS, secretAccessKey: 'another' }])
          expect(signHeaders(base, credentials, { region, service: 's3', date }).authorization).toBe(
            (await sdkSigned(base, credentials, region, date)).authorization,
          )
  })

  it('refuses a request without a payload hash instead of signing the wrong one', () => {
    const { ['x-amz-content-sha256']: _, ...headers } = base.headers
    expect(() =>
      signHeaders({ ...base, headers }, KEYS, { region: 'us-east-1', service: 's3', date: new Date() }),
    ).toThrow(/x-amz-content-sha256/)
  })
})
