import { describe, expect, it } from 'vitest'
import {
  assertNever,
  badInput,
  ERROR_CODES,
  fail,
  FerryError,
  isFerryError,
  ok,
  toErrorValue,
} from './errors'

describe('FerryError', () => {
  it('carries code, fix, retryable and detail, and survives a trip through a plain value', () => {
    const cause = new Error('socket hang up')
    const e = new FerryError(
      {
        code: 'network',
        message: 'the network failed',
        fix: 'Retry.',
        retryable: true,
        detail: 'ECONNRESET',
      },
      { cause },
    )
    expect(e).toBeInstanceOf(Error)
    expect(e.name).toBe('FerryError')
    expect(e.cause).toBe(cause)
    const value = e.toValue()
    // Structured clone (IPC, process messages) keeps plain data only.
    const copied = structuredClone(value)
    expect(copied).toEqual({
      code: 'network',
      message: 'the network failed',
      fix: 'Retry.',
      retryable: true,
      detail: 'ECONNRESET',
    })
    const back = FerryError.fromValue(copied)
    expect(back.code).toBe('network')
    expect(back.retryable).toBe(true)
    expect(back.detail).toBe('ECONNRESET')
  })

  it('leaves optional fields out of the value when unset', () => {
    expect(badInput('x is wrong', 'Fix x.').toValue()).toEqual({
      code: 'bad-input',
      message: 'x is wrong',
      fix: 'Fix x.',
    })
  })
})

describe('toErrorValue', () => {
  it('keeps FerryErrors and turns anything else into internal errors with a fix', () => {
    expect(toErrorValue(badInput('bad', 'do better')).code).toBe('bad-input')
    for (const thrown of [
      new TypeError('x is undefined'),
      'a string',
      42,
      null,
      undefined,
      { weird: true },
    ]) {
      const value = toErrorValue(thrown)
      expect(value.code).toBe('internal')
      expect(value.fix).not.toBe('')
      expect(typeof value.message).toBe('string')
    }
    expect(toErrorValue(new TypeError('x is undefined')).message).toBe('x is undefined')
  })
})

describe('results and helpers', () => {
  it('builds results', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 })
    expect(fail({ code: 'timeout', message: 'm', fix: 'f' })).toEqual({
      ok: false,
      error: { code: 'timeout', message: 'm', fix: 'f' },
    })
  })

  it('recognizes FerryErrors only', () => {
    expect(isFerryError(badInput('a', 'b'))).toBe(true)
    expect(isFerryError(new Error('a'))).toBe(false)
    expect(isFerryError({ code: 'bad-input', message: 'a', fix: 'b' })).toBe(false)
  })

  it('has unique error codes', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length)
  })

  it('assertNever throws on values the types said could not exist', () => {
    expect(() => assertNever('surprise' as never)).toThrow(/surprise/)
  })
})
