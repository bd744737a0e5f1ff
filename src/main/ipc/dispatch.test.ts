import { afterEach, describe, expect, it } from 'vitest'
import type { ParsedRequestOf } from '../../shared/bridge/contract'
import type { ConnectionSummary } from '../../shared/domain/connection'
import type { Result } from '../../shared/errors'
import { ConnectionStore } from '../core/connections/connection-store'
import type { Core, CoreDeps } from '../core/create-core'
import { ManualSystemEvents } from '../core/node-adapters/manual-system-events'
import { SettingsStore } from '../core/settings/settings-store'
import type { KeyValueStore, SecretBox } from '../core/ports'
import { STORE_DEFAULTS, type FerryStoreSchema } from '../core/store-schema'
import { dispatch } from './dispatch'

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'

class MemoryStore implements KeyValueStore<FerryStoreSchema> {
  readonly path = '/memory/ferry-settings.json'
  text = JSON.stringify(STORE_DEFAULTS)
  get<K extends keyof FerryStoreSchema>(key: K): FerryStoreSchema[K] {
    return (JSON.parse(this.text) as FerryStoreSchema)[key]
  }
  set<K extends keyof FerryStoreSchema>(key: K, value: FerryStoreSchema[K]): void {
    this.text = JSON.stringify({ ...(JSON.parse(this.text) as FerryStoreSchema), [key]: value })
  }
}

const keychain: SecretBox = {
  persistent: true,
  encrypt: (plain) => `sealed:${[...plain].reverse().join('')}`,
  decrypt: (sealed) => [...sealed.slice('sealed:'.length)].reverse().join(''),
}

/**
 * Just enough of a Core for handlers that never reach S3 or the engine: the real
 * ConnectionStore over an in-memory document, and a client() that fails loudly.
 */
function fakeCore() {
  const store = new MemoryStore()
  const forgotten: string[] = []
  const uploads: ParsedRequestOf<'transfers:upload'>[] = []
  const deps: CoreDeps = {
    store,
    secrets: keychain,
    launchEngine: () => {
      throw new Error('the engine must not start in unit tests')
    },
    system: new ManualSystemEvents(),
    stateDir: '/nonexistent/ferry-state',
    version: '9.8.7-test',
  }
  const core = {
    deps,
    connections: new ConnectionStore(store, keychain),
    settings: new SettingsStore(store),
    transfers: {
      list: () => [],
      upload: async (request: ParsedRequestOf<'transfers:upload'>) => {
        uploads.push(request)
        return []
      },
    },
    client: (): never => {
      throw new Error('S3 must not be reached in unit tests')
    },
    forgetClient: (id: string) => {
      forgotten.push(id)
    },
    close: async () => {},
  }
  return { core: core as unknown as Core, store, forgotten, uploads }
}

const validConnection = {
  name: 'lab',
  endpoint: 'http://127.0.0.1:7480',
  pathStyle: true,
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: SECRET,
}

function expectBadInput(result: Result<unknown>): { message: string; fix: string } {
  expect(result.ok).toBe(false)
  if (result.ok) throw new Error('unreachable')
  expect(result.error.code).toBe('bad-input')
  expect(result.error.message).toEqual(expect.any(String))
  expect(result.error.message).not.toBe('')
  expect(result.error.fix).toEqual(expect.any(String))
  expect(result.error.fix).not.toBe('')
  return result.error
}

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`)
  return result.value as T
}

const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort()

afterEach(() => {
  // No payload may have reached Object.prototype.
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys)
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
})

describe('dispatch', () => {
  it('answers app:info with and without an empty payload', async () => {
    const { core } = fakeCore()
    const expected = { version: '9.8.7-test', platform: process.platform, secretsEncrypted: true }
    expect(await dispatch(core, 'app:info', undefined)).toEqual({ ok: true, value: expected })
    expect(await dispatch(core, 'app:info', {})).toEqual({ ok: true, value: expected })
  })

  it('saves, lists and removes connections, forgetting cached clients, without returning secrets', async () => {
    const { core, store, forgotten } = fakeCore()
    expect(await dispatch(core, 'connections:list', undefined)).toEqual({ ok: true, value: [] })

    const saved = value<ConnectionSummary>(await dispatch(core, 'connections:save', validConnection))
    expect(saved).toMatchObject({ name: 'lab', hasSecret: true, pathStyle: true })
    expect(forgotten).toEqual([saved.id])
    expect(store.text).not.toContain(SECRET)

    const listed = await dispatch(core, 'connections:list', {})
    expect(value<ConnectionSummary[]>(listed)).toEqual([saved])
    expect(JSON.stringify(listed)).not.toContain(SECRET)

    expect(await dispatch(core, 'connections:remove', { connectionId: saved.id })).toEqual({
      ok: true,
      value: null,
    })
    expect(forgotten).toEqual([saved.id, saved.id])
    expect(value<ConnectionSummary[]>(await dispatch(core, 'connections:list', undefined))).toEqual([])
  })

  it('returns handler failures as error values', async () => {
    const { core } = fakeCore()
    const missing = await dispatch(core, 'connections:save', { ...validConnection, id: 'no-such-connection' })
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } })

    const crashed = await dispatch(core, 'connections:test', { connectionId: 'anything' })
    expect(crashed).toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'S3 must not be reached in unit tests' },
    })
  })

  it.each([
    ['nope'],
    [''],
    ['__proto__'],
    ['constructor'],
    ['toString'],
    ['hasOwnProperty'],
    ['app:info '],
    ['APP:INFO'],
  ])('rejects the unknown channel %j', async (channel) => {
    const { core } = fakeCore()
    const error = expectBadInput(await dispatch(core, channel, {}))
    expect(error.message).toContain('channel')
  })

  const huge = 'x'.repeat(1_000_000)
  const malformed: [string, string, unknown][] = [
    ['a string payload', 'connections:save', 'lab'],
    ['a number payload', 'connections:save', 42],
    ['an array payload', 'connections:save', [validConnection]],
    ['a null payload', 'connections:save', null],
    ['no payload where one is required', 'connections:save', undefined],
    ['a missing name', 'connections:save', { endpoint: 'http://127.0.0.1:7480' }],
    ['a name of the wrong type', 'connections:save', { ...validConnection, name: 123 }],
    ['an empty name', 'connections:save', { ...validConnection, name: '   ' }],
    ['a name beyond the schema max', 'connections:save', { ...validConnection, name: huge }],
    ['a secret beyond the schema max', 'connections:save', { ...validConnection, secretAccessKey: huge }],
    ['a session token beyond the schema max', 'connections:save', { ...validConnection, sessionToken: huge }],
    [
      'an endpoint that is not http(s)',
      'connections:save',
      { ...validConnection, endpoint: 'ftp://example.com' },
    ],
    ['pathStyle as a string', 'connections:save', { ...validConnection, pathStyle: 'yes' }],
    ['an unknown field', 'connections:save', { ...validConnection, admin: true }],
    ['a __proto__ key', 'connections:save', JSON.parse('{"name":"lab","__proto__":{"polluted":true}}')],
    [
      'a constructor key',
      'connections:save',
      JSON.parse('{"name":"lab","constructor":{"prototype":{"polluted":true}}}'),
    ],
    [
      'a nested __proto__',
      'objects:list',
      JSON.parse('{"connectionId":"c","bucket":"bkt","__proto__":{"polluted":1}}'),
    ],
    ['an empty connection id', 'connections:remove', { connectionId: '' }],
    ['a connection id beyond the schema max', 'connections:remove', { connectionId: huge }],
    ['a connection id of the wrong type', 'connections:remove', { connectionId: { $ne: '' } }],
    ['a payload where none is expected', 'app:info', { extra: 1 }],
    ['a null where none is expected', 'app:info', null],
    ['a bucket name too short', 'objects:list', { connectionId: 'c', bucket: 'ab' }],
    ['a key beyond 1,024 bytes', 'objects:head', { connectionId: 'c', bucket: 'bkt', key: 'ü'.repeat(513) }],
    ['an upload without paths', 'transfers:upload', { connectionId: 'c', bucket: 'bkt', paths: [] }],
    [
      'an upload with a bad ifExists',
      'transfers:upload',
      { connectionId: 'c', bucket: 'bkt', paths: ['/a'], ifExists: 'clobber' },
    ],
    [
      'metadata values of the wrong type',
      'transfers:upload',
      { connectionId: 'c', bucket: 'bkt', paths: ['/a'], headers: { metadata: { a: 1 } } },
    ],
    ['a transfer id of the wrong type', 'transfers:pause', { id: 7 }],
  ]

  it.each(malformed)('rejects %s with bad-input, without throwing', async (_label, channel, payload) => {
    const { core, store, forgotten } = fakeCore()
    const before = store.text
    const result = await dispatch(core, channel, payload)
    const error = expectBadInput(result)
    expect(error.message).toContain(channel)
    // The error never echoes a megabyte of input back across the bridge.
    expect(JSON.stringify(result).length).toBeLessThan(2_000)
    expect(store.text).toBe(before)
    expect(forgotten).toEqual([])
  })

  it('names the offending field', async () => {
    const { core } = fakeCore()
    const error = expectBadInput(await dispatch(core, 'connections:save', { ...validConnection, name: 123 }))
    expect(error.message).toMatch(/at name/)
  })

  it('still serves valid calls after a burst of malformed ones', async () => {
    const { core } = fakeCore()
    for (const [, channel, payload] of malformed) await dispatch(core, channel, payload)
    await dispatch(core, '__proto__', { polluted: true })
    const saved = value<ConnectionSummary>(await dispatch(core, 'connections:save', validConnection))
    expect(value<ConnectionSummary[]>(await dispatch(core, 'connections:list', undefined))).toEqual([saved])
    expect(value(await dispatch(core, 'app:info', undefined))).toMatchObject({ version: '9.8.7-test' })
  })

  it('never throws, even for a payload whose fields throw when read', async () => {
    const { core } = fakeCore()
    const hostile = {
      get name(): string {
        throw new Error('read me and weep')
      },
    }
    const result = await dispatch(core, 'connections:save', hostile)
    expect(result.ok).toBe(false)
  })

  it('hands the handler the parsed payload with defaults, and keeps metadata names off the prototype', async () => {
    const { core, uploads } = fakeCore()
    const saved = (await dispatch(core, 'connections:save', validConnection)) as Result<ConnectionSummary>
    if (!saved.ok) throw new Error(saved.error.message)
    const payload = JSON.parse(
      `{"connectionId":"${saved.value.id}","bucket":"bkt","paths":["/tmp/a"],"headers":{"metadata":{"owner":"ops","__proto__":"x","constructor":"y"}}}`,
    )
    expect(await dispatch(core, 'transfers:upload', payload)).toEqual({ ok: true, value: [] })
    expect(uploads).toHaveLength(1)
    const [request] = uploads
    expect(request).toMatchObject({ prefix: '', ifExists: 'fail', paths: ['/tmp/a'] })
    // The settings' tuning goes with every upload from the window; their part size is a preference.
    expect(request).toMatchObject({ partSize: 8 * 1024 * 1024, concurrency: 4, partSizeIsPreference: true })
    const metadata = request!.headers.metadata
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype)
    expect(metadata['owner']).toBe('ops')
    expect(Object.getOwnPropertyDescriptor(metadata, 'constructor')?.value).toBe('y')
  })
})
