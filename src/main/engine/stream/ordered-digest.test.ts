import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { OrderedDigest } from './ordered-digest'

const bytes = Buffer.from('0123456789abcdefghij')
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex')

describe('OrderedDigest', () => {
  it('hashes parts in byte order whatever order they arrive in', async () => {
    const d = new OrderedDigest(['md5', 'sha-256'])
    const third = d.add(14, bytes.subarray(14))
    const second = d.add(7, bytes.subarray(7, 14))
    await d.add(0, bytes.subarray(0, 7))
    await Promise.all([second, third])
    expect(d.result(bytes.length)).toEqual({
      available: true,
      bytes: 20,
      hex: { md5: md5(bytes), 'sha-256': createHash('sha256').update(bytes).digest('hex') },
    })
  })

  it('releases waiting parts and reports unavailable when a part fails', async () => {
    const d = new OrderedDigest(['md5'])
    const waiting = d.add(10, bytes.subarray(10))
    d.fail('part 1 failed')
    await waiting
    expect(d.result(bytes.length)).toEqual({ available: false, reason: 'part 1 failed' })
  })

  it('is unavailable when bytes are missing at the end', async () => {
    const d = new OrderedDigest(['md5'])
    await d.add(0, bytes.subarray(0, 10))
    expect(d.result(bytes.length)).toMatchObject({ available: false, reason: '10 of 20 bytes were hashed' })
  })
})
