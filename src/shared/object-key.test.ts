import { describe, expect, it } from 'vitest'
import { objectKeyProblem } from './object-key'

describe('objectKeyProblem', () => {
  it('accepts any UTF-8 key up to 1,024 bytes, tabs and line breaks included', () => {
    for (const key of [
      'a',
      'photos/2026/été.jpg',
      '日本語/ファイル',
      'emoji 😀.png',
      'tab\there',
      'x'.repeat(1024),
    ])
      expect(objectKeyProblem(key)).toBeUndefined()
  })

  it('counts bytes, not characters', () => {
    expect(objectKeyProblem('é'.repeat(512))).toBeUndefined()
    expect(objectKeyProblem('é'.repeat(513))).toMatch(/1026 bytes of UTF-8, over S3's limit of 1024/)
  })

  it('refuses what XML 1.0 cannot carry, naming the character and where it is', () => {
    expect(objectKeyProblem('a\u0000b')).toMatch(/U\+0000 at position 2/)
    expect(objectKeyProblem('bell\u0007')).toMatch(/U\+0007 at position 5/)
    expect(objectKeyProblem('\uffff')).toMatch(/U\+FFFF/)
    expect(objectKeyProblem('lone \ud800 high')).toMatch(/unpaired UTF-16 surrogate/)
    expect(objectKeyProblem('lone \udc00 low')).toMatch(/unpaired UTF-16 surrogate/)
    expect(objectKeyProblem('')).toBe('the key is empty')
  })
})
