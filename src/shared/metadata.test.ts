import { describe, expect, it } from 'vitest'
import { FerryError } from './errors'
import {
  decodeMetadata,
  decodeMetadataValue,
  encodeMetadata,
  encodeMetadataValue,
  metadataBytes,
  metadataNameProblem,
} from './metadata'
import { MAX_USER_METADATA_BYTES } from './s3-limits'

/** What Node accepts in a header value and HTTP keeps intact: printable ASCII, no edge whitespace. */
const SAFE_HEADER_VALUE = /^(?:[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)?$/

function thrown(fn: () => unknown): FerryError {
  try {
    fn()
  } catch (e) {
    if (e instanceof FerryError) return e
    throw e
  }
  throw new Error('expected a FerryError, nothing was thrown')
}

describe('encodeMetadataValue and decodeMetadataValue', () => {
  it.each(['', 'plain', 'Hello, World! 100% (ok) = fine', 'a?b=c', '=?', 'x'.repeat(500)])(
    'keeps printable ASCII %j as it is',
    (value) => {
      expect(encodeMetadataValue(value)).toBe(value)
      expect(decodeMetadataValue(value)).toBe(value)
    },
  )

  it('encodes ü as a UTF-8 B encoded-word', () => {
    expect(encodeMetadataValue('ü')).toBe('=?UTF-8?B?w7w=?=')
    expect(decodeMetadataValue('=?UTF-8?B?w7w=?=')).toBe('ü')
  })

  it.each([
    'ü',
    'Grüße aus Köln',
    '東京の写真',
    '사진 모음',
    '🚀 launch 🎉',
    '👩‍👩‍👧 family',
    'tab\there',
    'line\nbreak',
    '=?UTF-8?B?w7w=?=',
    '=?utf-8?q?looks_encoded?=',
    '=?UTF-8?Q?=C3=BC?=',
    ' leading space',
    'trailing space ',
    '  =?UTF-8?B?w7w=?=  ',
    ' ',
    'ü'.repeat(300),
  ])('round-trips %j through a header-safe value', (value) => {
    const encoded = encodeMetadataValue(value)
    expect(encoded).toMatch(SAFE_HEADER_VALUE)
    expect(decodeMetadataValue(encoded)).toBe(value)
  })

  it('encodes values that look like encoded words, so reading them back gives the same text', () => {
    const literal = '=?UTF-8?B?w7w=?='
    expect(encodeMetadataValue(literal)).not.toBe(literal)
  })

  it('leaves encoded words of other charsets alone, both ways', () => {
    const latin1 = '=?ISO-8859-1?Q?caf=E9?='
    expect(encodeMetadataValue(latin1)).toBe(latin1)
    expect(decodeMetadataValue(latin1)).toBe(latin1)
  })

  it('decodes Q encoding written by other tools', () => {
    expect(decodeMetadataValue('=?UTF-8?Q?Gr=C3=BC=C3=9Fe_Gott?=')).toBe('Grüße Gott')
    expect(decodeMetadataValue('=?utf-8?q?caf=c3=a9?=')).toBe('café')
  })

  it('keeps a malformed escape in Q encoding as text instead of inventing a byte', () => {
    expect(decodeMetadataValue('=?UTF-8?Q?50=?=')).toBe('50=')
    expect(decodeMetadataValue('=?UTF-8?Q?a=C?=')).toBe('a=C')
    expect(decodeMetadataValue('=?UTF-8?Q?a=ZZb?=')).toBe('a=ZZb')
  })

  it('returns a malformed B encoded-word as it is instead of throwing', () => {
    for (const raw of ['=?UTF-8?B?***?=', '=?UTF-8?B?w7w?=x', '=?UTF-8?B?a?=']) {
      expect(() => decodeMetadataValue(raw)).not.toThrow()
    }
    expect(decodeMetadataValue('=?UTF-8?B?***?=')).toBe('=?UTF-8?B?***?=')
  })
})

describe('metadataNameProblem', () => {
  it.each(['owner', 'Content-Owner', 'my_key', 'v2.1', "a!#$%&'*+^`|~b"])('accepts %j', (name) => {
    expect(metadataNameProblem(name)).toBeUndefined()
  })

  it.each([
    ['', /empty/],
    ['x-amz-meta-owner', /prefix/],
    ['X-Amz-Meta-Owner', /prefix/],
    ['has space', /not allowed/],
    ['a:b', /not allowed/],
    ['naïve', /not allowed/],
    ['a\nb', /not allowed/],
    ['(x)', /not allowed/],
  ])('rejects %j', (name, problem) => {
    expect(metadataNameProblem(name)).toMatch(problem)
  })
})

describe('encodeMetadata', () => {
  it('lower-cases names as S3 stores them and encodes values', () => {
    expect(encodeMetadata({ Owner: 'ops', 'Photo-Place': 'Zürich' })).toEqual({
      owner: 'ops',
      'photo-place': '=?UTF-8?B?WsO8cmljaA==?=',
    })
  })

  it('rejects two names that differ only in case instead of dropping one', () => {
    const e = thrown(() => encodeMetadata({ Owner: 'a', owner: 'b' }))
    expect(e.code).toBe('bad-input')
    expect(e.message).toMatch(/owner/i)
    expect(e.fix).not.toBe('')
  })

  it('rejects an invalid name with a fix', () => {
    const e = thrown(() => encodeMetadata({ 'bad name': 'x' }))
    expect(e.code).toBe('bad-input')
    expect(e.message).toMatch(/bad name/)
    expect(e.fix).not.toBe('')
  })

  it('counts names and encoded values against the 2 KB limit', () => {
    expect(metadataBytes({ a: 'b' })).toBe(2)
    // "ü" is 2 bytes of UTF-8 but travels as the 16-byte encoded-word.
    expect(metadataBytes({ a: 'ü' })).toBe(1 + '=?UTF-8?B?w7w=?='.length)
    expect(metadataBytes({ ABC: 'x' })).toBe(4)

    const name = 'note'
    const fits = { [name]: 'x'.repeat(MAX_USER_METADATA_BYTES - name.length) }
    expect(metadataBytes(fits)).toBe(MAX_USER_METADATA_BYTES)
    expect(encodeMetadata(fits)[name]).toHaveLength(MAX_USER_METADATA_BYTES - name.length)

    const over = { [name]: 'x'.repeat(MAX_USER_METADATA_BYTES - name.length + 1) }
    const e = thrown(() => encodeMetadata(over))
    expect(e.code).toBe('bad-input')
    expect(e.message).toContain(String(MAX_USER_METADATA_BYTES + 1))
    expect(e.fix).not.toBe('')
  })

  it('rejects non-ASCII metadata whose raw UTF-8 fits but whose encoded form does not', () => {
    const value = 'ü'.repeat(800) // 1,600 bytes of UTF-8; about 2,150 once base64-encoded
    expect(new TextEncoder().encode(value).length).toBeLessThan(MAX_USER_METADATA_BYTES)
    expect(() => encodeMetadata({ n: value })).toThrow(FerryError)
  })

  it('keeps names that collide with Object.prototype as plain entries', () => {
    const input = JSON.parse('{"__proto__":"a","constructor":"b","toString":"c"}') as Record<string, string>
    const out = encodeMetadata(input)
    expect(Object.keys(out).sort()).toEqual(['__proto__', 'constructor', 'tostring'])
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>)['tostring']).toBeUndefined()
  })
})

describe('decodeMetadata', () => {
  it('decodes every value and keeps the names', () => {
    expect(decodeMetadata({ place: '=?UTF-8?B?WsO8cmljaA==?=', owner: 'ops' })).toEqual({
      place: 'Zürich',
      owner: 'ops',
    })
  })

  it('treats missing metadata as empty', () => {
    expect(decodeMetadata(undefined)).toEqual({})
  })

  it('round-trips with encodeMetadata for lower-case names', () => {
    const input = { a: 'ascii', b: 'ü', c: '東京', d: '🚀', e: '=?UTF-8?B?w7w=?=', f: ' x ' }
    expect(decodeMetadata(encodeMetadata(input))).toEqual(input)
  })

  it('keeps a "__proto__" entry from the server without touching the prototype', () => {
    const out = decodeMetadata(JSON.parse('{"__proto__":"=?UTF-8?B?w7w=?="}') as Record<string, string>)
    expect(Object.keys(out)).toEqual(['__proto__'])
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBe('ü')
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
  })
})
