// Every bridge channel, taken from the contract (so a new channel is covered the day it is
// added), gets malformed payloads: wrong types, missing fields, 10 MB strings and
// prototype-pollution keys. Each answer is a typed error value, never an exception; the main
// side still serves afterwards, and Object.prototype stays clean.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import { requestSchemas, type RequestChannel } from '../../src/shared/bridge/contract'
import { ERROR_CODES, type Result } from '../../src/shared/errors'
import { enginePath } from './upload-support'

const channels = Object.keys(requestSchemas) as RequestChannel[]
const HUGE = 'x'.repeat(10 * 1024 * 1024)

/** The field names a channel's payload schema knows (none for channels without a payload). */
function fieldsOf(schema: z.ZodType): string[] {
  let inner = schema as unknown as { def: { type: string; innerType?: unknown }; shape?: object }
  while (inner.def.type === 'default' || inner.def.type === 'optional')
    inner = inner.def.innerType as typeof inner
  return inner.shape ? Object.keys(inner.shape) : []
}

/** Every field set to value; a channel without fields gets a field it does not know. */
const withEveryField = (channel: RequestChannel, value: unknown) => {
  const fields = fieldsOf(requestSchemas[channel])
  return Object.fromEntries((fields.length > 0 ? fields : ['unexpected']).map((f) => [f, value]))
}

/** Payloads that must be refused, by name, for one channel. */
function malformed(channel: RequestChannel): [string, unknown][] {
  const fields = fieldsOf(requestSchemas[channel])
  const cases: [string, unknown][] = [
    ['a number', 42],
    ['a string', 'connections'],
    ['an array', [1, 2]],
    ['null', null],
    ['every field an object', withEveryField(channel, { nested: true })],
    ['every field a number', withEveryField(channel, 7)],
    ['every field a 10 MB string', withEveryField(channel, HUGE)],
    ['an unknown 10 MB field', { ...withEveryField(channel, 'x'), [HUGE.slice(0, 1024)]: HUGE }],
    [
      'prototype-pollution keys',
      {
        ...withEveryField(channel, 'x'),
        ...(JSON.parse(
          '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}',
        ) as object),
      },
    ],
  ]
  // Channels whose fields all have defaults take {} as a valid request; the others must not.
  if (fields.length > 0 && !requestSchemas[channel].safeParse({}).success)
    cases.push(['no fields at all', {}])
  return cases
}

describe('every bridge handler refuses malformed payloads with a typed error', () => {
  let stateDir: string
  let main: HeadlessMain

  beforeAll(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'ferry-malformed-'))
    main = createHeadlessMain({ stateDir, enginePath })
  })
  afterAll(async () => {
    await main.close()
    rmSync(stateDir, { recursive: true, force: true })
  })

  it('covers every channel of the contract', () => {
    expect(channels.length).toBeGreaterThanOrEqual(30)
    expect(channels).toContain('transfers:upload')
  })

  for (const channel of channels) {
    it(channel, async () => {
      for (const [label, payload] of malformed(channel)) {
        let answer: Result<unknown>
        try {
          answer = await main.dispatch(channel, payload)
        } catch (e) {
          throw new Error(`${channel} with ${label} threw instead of answering: ${String(e)}`, { cause: e })
        }
        expect(answer.ok, `${channel} with ${label}`).toBe(false)
        if (answer.ok) continue
        expect(ERROR_CODES, `${channel} with ${label}`).toContain(answer.error.code)
        expect(answer.error.code, `${channel} with ${label}`).toBe('bad-input')
        expect(answer.error.message).toMatch(new RegExp(`^invalid request to ${channel}`))
        expect(answer.error.fix.length).toBeGreaterThan(0)
        // The answer never echoes a 10 MB payload back across the bridge.
        expect(JSON.stringify(answer).length, `${channel} with ${label}`).toBeLessThan(4096)
      }
      expect(Object.prototype).not.toHaveProperty('polluted')
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    })
  }

  it('refuses an unknown or 10 MB channel name without echoing it, and keeps serving', async () => {
    const unknown = await main.dispatch(HUGE, {})
    expect(unknown).toMatchObject({ ok: false, error: { code: 'bad-input' } })
    expect(JSON.stringify(unknown).length).toBeLessThan(4096)
    const proto = await main.dispatch('__proto__', {})
    expect(proto).toMatchObject({ ok: false, error: { code: 'bad-input' } })
    const info = await main.dispatch('app:info', {})
    expect(info).toMatchObject({ ok: true, value: { secretsEncrypted: false } })
    const listed = await main.dispatch('connections:list', undefined)
    expect(listed).toEqual({ ok: true, value: [] })
    expect(Object.prototype).not.toHaveProperty('polluted')
  })
})
