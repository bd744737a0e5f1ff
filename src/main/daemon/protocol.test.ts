import { describe, expect, it } from 'vitest'
import { encodeLine, LineSplitter } from './protocol'
import { requestSchema } from './request-schema'

describe('LineSplitter', () => {
  it('returns whole lines only, across chunks', () => {
    const s = new LineSplitter()
    expect(s.push(Buffer.from('{"a":1}\n{"b"'))).toEqual(['{"a":1}'])
    expect(s.push(Buffer.from(':2}'))).toEqual([])
    expect(s.push(Buffer.from('\n\n{"c":3}\r\n'))).toEqual(['{"b":2}', '{"c":3}'])
  })

  it('decodes a UTF-8 character split between chunks', () => {
    const bytes = Buffer.from('"ü 日本"\n')
    const s = new LineSplitter()
    const out = [
      ...s.push(bytes.subarray(0, 2)),
      ...s.push(bytes.subarray(2, 5)),
      ...s.push(bytes.subarray(5)),
    ]
    expect(out).toEqual(['"ü 日本"'])
  })

  it('refuses a line over the limit, whether or not it has ended', () => {
    expect(() => new LineSplitter(8).push(Buffer.from('123456789\n'))).toThrow(/longer than 8 bytes/)
    const s = new LineSplitter(8)
    s.push(Buffer.from('12345'))
    expect(() => s.push(Buffer.from('6789'))).toThrow(/longer than 8 bytes/)
  })
})

describe('the request schema', () => {
  it('carries any file name through a JSON line unchanged', () => {
    const source = '/data/a b\nc\t"quoted"\\ ü 日本.fits'
    const line = encodeLine({ id: 7, op: 'send', source, bucket: 'b', key: 'k/with/slashes', wait: true })
    expect(line.endsWith('\n')).toBe(true)
    expect(line.slice(0, -1)).not.toContain('\n')
    const parsed = requestSchema.parse(JSON.parse(line))
    expect(parsed).toMatchObject({ op: 'send', source, key: 'k/with/slashes' })
  })

  it('rejects unknown fields, operations and if-exists values', () => {
    expect(requestSchema.safeParse({ id: 1, op: 'ping' }).success).toBe(true)
    expect(requestSchema.safeParse({ id: 1, op: 'rm' }).success).toBe(false)
    expect(requestSchema.safeParse({ id: 1, op: 'ping', extra: 1 }).success).toBe(false)
    const send = { id: 1, op: 'send', source: '/f', bucket: 'b', key: 'k', wait: false }
    expect(requestSchema.safeParse(send).success).toBe(true)
    expect(requestSchema.safeParse({ ...send, ifExists: 'clobber' }).success).toBe(false)
    expect(requestSchema.safeParse({ ...send, key: '' }).success).toBe(false)
  })
})
