import { describe, expect, it, vi } from 'vitest'
import {
  connectionInputSchema,
  type ConnectionInput,
  type ConnectionSummary,
} from '../../../shared/domain/connection'
import { FerryError } from '../../../shared/errors'
import type { KeyValueStore, SecretBox } from '../ports'
import { STORE_DEFAULTS, type FerryStoreSchema } from '../store-schema'
import { ConnectionStore } from './connection-store'

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
const TOKEN = 'FwoGZXIvYXdzEBYaDHhBTEXAMPLETOKENVALUE0123456789'
const OTHER_SECRET = 'anotherSecretAccessKey0000000000000000000'

/** A settings document kept as JSON text, as on disk: every read is a fresh copy. */
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

/** Reversible and visibly sealed, so a test can tell sealed values from plain ones. */
class FakeKeychain implements SecretBox {
  readonly persistent = true
  readonly encrypt = vi.fn((plain: string) => `sealed:${[...plain].reverse().join('')}`)
  readonly decrypt = vi.fn((sealed: string) => {
    if (!sealed.startsWith('sealed:')) throw new Error(`not sealed by this box: ${sealed}`)
    return [...sealed.slice('sealed:'.length)].reverse().join('')
  })
}

/** Like the Node adapter: no keychain, and any attempt to seal is a bug. */
class NoKeychain implements SecretBox {
  readonly persistent = false
  readonly encrypt = vi.fn((): string => {
    throw new Error('cannot seal')
  })
  readonly decrypt = vi.fn((): string => {
    throw new Error('nothing sealed')
  })
}

const fields = (input: ConnectionInput) => connectionInputSchema.parse(input)

const radosgw: ConnectionInput = {
  name: 'lab radosgw',
  endpoint: 'http://127.0.0.1:7480/',
  pathStyle: true,
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: SECRET,
  sessionToken: TOKEN,
}

function thrown(fn: () => unknown): FerryError {
  try {
    fn()
  } catch (e) {
    if (e instanceof FerryError) return e
    throw e
  }
  throw new Error('expected a FerryError, nothing was thrown')
}

const SUMMARY_KEYS = [
  'accessKeyId',
  'caFile',
  'defaultBucket',
  'endpoint',
  'hasSecret',
  'id',
  'name',
  'pathStyle',
  'profile',
  'proxy',
  'publicUrlBase',
  'region',
  'secretStorage',
]

describe('ConnectionStore with a keychain', () => {
  it('stores only sealed secrets and unseals them for resolve()', () => {
    const store = new MemoryStore()
    const box = new FakeKeychain()
    const connections = new ConnectionStore(store, box)
    const saved = connections.save(fields(radosgw))

    expect(store.text).not.toContain(SECRET)
    expect(store.text).not.toContain(TOKEN)
    const [stored] = store.get('connections')
    expect(stored?.sealedSecret).toBe(box.encrypt.mock.results[0]?.value)
    expect(stored?.sealedSecret).toMatch(/^sealed:/)
    expect(stored?.sealedSessionToken).toMatch(/^sealed:/)

    expect(connections.resolve(saved.id)).toEqual({
      name: 'lab radosgw',
      endpoint: 'http://127.0.0.1:7480',
      region: 'us-east-1',
      pathStyle: true,
      defaultBucket: '',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET, sessionToken: TOKEN },
    })
  })

  it('keeps the secrets after a restart, from the document alone', () => {
    const store = new MemoryStore()
    const id = new ConnectionStore(store, new FakeKeychain()).save(fields(radosgw)).id
    const later = new ConnectionStore(store, new FakeKeychain())
    expect(later.list()[0]?.hasSecret).toBe(true)
    expect(later.resolve(id).credentials).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: SECRET,
      sessionToken: TOKEN,
    })
  })

  it('keeps the stored secret when an edit leaves it out, and replaces it when given', () => {
    const store = new MemoryStore()
    const box = new FakeKeychain()
    const connections = new ConnectionStore(store, box)
    const { id } = connections.save(fields(radosgw))

    const renamed = connections.save(
      fields({
        id,
        name: 'renamed',
        endpoint: 'http://127.0.0.1:7480',
        pathStyle: true,
        accessKeyId: 'AKIDEXAMPLE',
      }),
    )
    expect(renamed).toMatchObject({ id, name: 'renamed', hasSecret: true })
    expect(connections.resolve(id).credentials).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: SECRET,
      sessionToken: TOKEN,
    })
    expect(connections.list()).toHaveLength(1)

    connections.save(
      fields({ id, name: 'renamed', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: OTHER_SECRET }),
    )
    expect(connections.resolve(id).credentials?.secretAccessKey).toBe(OTHER_SECRET)
    expect(store.text).not.toContain(OTHER_SECRET)
    expect(store.text).not.toContain(SECRET)
  })

  it('forgets a secret edited to an empty string', () => {
    const connections = new ConnectionStore(new MemoryStore(), new FakeKeychain())
    const { id } = connections.save(fields(radosgw))
    const cleared = connections.save(
      fields({ id, name: 'x', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: '', sessionToken: '' }),
    )
    expect(cleared.hasSecret).toBe(false)
    const e = thrown(() => connections.resolve(id))
    expect(e.code).toBe('invalid-credentials')
    expect(e.fix).toMatch(/secret access key/)
  })
})

describe('ConnectionStore without a keychain', () => {
  it('never writes the secret, keeps it in memory, and never tries to seal it', () => {
    const store = new MemoryStore()
    const box = new NoKeychain()
    const connections = new ConnectionStore(store, box)
    const { id, hasSecret } = connections.save(fields(radosgw))
    expect(hasSecret).toBe(true)
    expect(box.encrypt).not.toHaveBeenCalled()
    expect(store.text).not.toContain(SECRET)
    expect(store.text).not.toContain(TOKEN)
    expect(store.text).not.toContain('sealed')
    expect(connections.resolve(id).credentials).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: SECRET,
      sessionToken: TOKEN,
    })
    expect(box.decrypt).not.toHaveBeenCalled()
  })

  it('keeps the session secret across an edit that leaves it out', () => {
    const connections = new ConnectionStore(new MemoryStore(), new NoKeychain())
    const { id } = connections.save(fields(radosgw))
    connections.save(fields({ id, name: 'renamed', accessKeyId: 'AKIDEXAMPLE' }))
    expect(connections.resolve(id).credentials?.secretAccessKey).toBe(SECRET)
  })

  it('has lost the secret after a restart and says how to fix it', () => {
    const store = new MemoryStore()
    const id = new ConnectionStore(store, new NoKeychain()).save(fields(radosgw)).id
    const later = new ConnectionStore(store, new NoKeychain())
    expect(later.list()[0]).toMatchObject({ id, hasSecret: false, accessKeyId: 'AKIDEXAMPLE' })
    const e = thrown(() => later.resolve(id))
    expect(e.code).toBe('invalid-credentials')
    expect(e.message).toContain('lab radosgw')
  })
})

describe.each([
  ['with a keychain', () => new FakeKeychain()],
  ['without a keychain', () => new NoKeychain()],
])('ConnectionStore %s', (_label, makeBox) => {
  it('never returns a secret from list(), only whether one exists', () => {
    const connections = new ConnectionStore(new MemoryStore(), makeBox())
    connections.save(fields(radosgw))
    connections.save(fields({ name: 'aws', profile: 'work' }))
    const all = connections.list()
    expect(all).toHaveLength(2)
    for (const summary of all) expect(Object.keys(summary).sort()).toEqual(SUMMARY_KEYS)
    const text = JSON.stringify(all)
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain(TOKEN)
    expect(text).not.toContain('sealed')
    expect(all.map((c) => c.hasSecret)).toEqual([true, false])
  })

  it('resolves a profile connection to the profile, without keys', () => {
    const connections = new ConnectionStore(new MemoryStore(), makeBox())
    const { id } = connections.save(fields({ name: 'aws', profile: 'work', region: 'eu-west-1' }))
    const resolved = connections.resolve(id)
    expect(resolved).toEqual({
      name: 'aws',
      endpoint: '',
      region: 'eu-west-1',
      pathStyle: false,
      defaultBucket: '',
      profile: 'work',
    })
  })

  it('drops keys when an edit leaves neither keys nor a profile (the default AWS chain decides)', () => {
    const store = new MemoryStore()
    const connections = new ConnectionStore(store, makeBox())
    const { id } = connections.save(fields(radosgw))
    const edited = connections.save(fields({ id, name: 'default chain' }))
    expect(edited.hasSecret).toBe(false)
    expect(connections.list()[0]?.hasSecret).toBe(false)
    expect(store.get('connections')[0]?.sealedSecret).toBeUndefined()
    const resolved = connections.resolve(id)
    expect(resolved.credentials).toBeUndefined()
    expect(resolved.profile).toBeUndefined()
  })

  it('removes a connection and its secrets', () => {
    const store = new MemoryStore()
    const connections = new ConnectionStore(store, makeBox())
    const keep = connections.save(fields({ name: 'keep', profile: 'p' }))
    const gone = connections.save(fields(radosgw))
    connections.remove(gone.id)
    expect(connections.list().map((c) => c.id)).toEqual([keep.id])
    expect(store.text).not.toContain(gone.id)
    expect(thrown(() => connections.get(gone.id)).code).toBe('not-found')
    expect(thrown(() => connections.resolve(gone.id)).code).toBe('not-found')
    expect(() => connections.remove('no-such-id')).not.toThrow()
  })

  it('refuses to edit a connection that does not exist', () => {
    const connections = new ConnectionStore(new MemoryStore(), makeBox())
    const e = thrown(() => connections.save(fields({ id: 'missing', name: 'x' })))
    expect(e.code).toBe('not-found')
    expect(e.fix).not.toBe('')
    expect(connections.list()).toEqual([])
  })

  it('normalizes the endpoint and defaults the region', () => {
    const connections = new ConnectionStore(new MemoryStore(), makeBox())
    const saved = connections.save(fields({ name: 'x', endpoint: ' https://s3.example.com/// ', region: '' }))
    expect(saved.endpoint).toBe('https://s3.example.com')
    expect(saved.region).toBe('us-east-1')
  })

  it('tells listeners about every change with the whole list, until they unsubscribe', () => {
    const connections = new ConnectionStore(new MemoryStore(), makeBox())
    const calls: ConnectionSummary[][] = []
    const stop = connections.onChanged((all) => calls.push(all))
    const a = connections.save(fields(radosgw))
    expect(calls).toHaveLength(1)
    expect(calls[0]).toEqual([a])
    const b = connections.save(fields({ name: 'second', profile: 'p' }))
    expect(calls[1]?.map((c) => c.id)).toEqual([a.id, b.id])
    connections.remove(a.id)
    expect(calls[2]?.map((c) => c.id)).toEqual([b.id])
    expect(JSON.stringify(calls)).not.toContain(SECRET)
    stop()
    connections.remove(b.id)
    expect(calls).toHaveLength(3)
  })

  it('gives each new connection its own id', () => {
    const connections = new ConnectionStore(new MemoryStore(), makeBox())
    const ids = new Set(Array.from({ length: 20 }, (_, i) => connections.save(fields({ name: `c${i}` })).id))
    expect(ids.size).toBe(20)
  })
})

describe('ConnectionStore without a keychain, when the person chooses to remember the secret', () => {
  it('writes the secret to the settings file only on that choice, and says where it lives', () => {
    const store = new MemoryStore()
    const connections = new ConnectionStore(store, new NoKeychain())
    const session = connections.save(fields(radosgw))
    expect(session.secretStorage).toBe('session')
    expect(store.text).not.toContain(SECRET)

    const remembered = connections.save(fields({ id: session.id, ...radosgw, rememberWithoutKeychain: true }))
    expect(remembered.secretStorage).toBe('file')
    expect(store.text).toContain(SECRET)
    const restarted = new ConnectionStore(store, new NoKeychain())
    expect(restarted.resolve(session.id).credentials).toEqual({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: SECRET,
      sessionToken: TOKEN,
    })
    expect(JSON.stringify(restarted.list())).not.toContain(SECRET)
  })

  it('takes the secret back off the disk when the choice is undone, keeping it for the session', () => {
    const store = new MemoryStore()
    const connections = new ConnectionStore(store, new NoKeychain())
    const saved = connections.save(fields({ ...radosgw, rememberWithoutKeychain: true }))
    const { secretAccessKey: _s, sessionToken: _t, ...withoutSecrets } = radosgw
    const back = connections.save(fields({ ...withoutSecrets, id: saved.id }))
    expect(back.secretStorage).toBe('session')
    expect(store.text).not.toContain(SECRET)
    expect(store.text).not.toContain(TOKEN)
    expect(connections.resolve(saved.id).credentials?.secretAccessKey).toBe(SECRET)
  })

  it('ignores the choice where a keychain exists: the secret is sealed', () => {
    const store = new MemoryStore()
    const saved = new ConnectionStore(store, new FakeKeychain()).save(
      fields({ ...radosgw, rememberWithoutKeychain: true }),
    )
    expect(saved.secretStorage).toBe('keychain')
    expect(store.text).not.toContain(SECRET)
  })
})

describe('pasted secrets', () => {
  it('lose whitespace at either end (a copied line break), so the key works', () => {
    const parsed = fields({ ...radosgw, secretAccessKey: `  ${SECRET}\r\n`, sessionToken: `\t${TOKEN}\n` })
    expect(parsed.secretAccessKey).toBe(SECRET)
    expect(parsed.sessionToken).toBe(TOKEN)
  })

  it('are refused with whitespace inside, since more than the key was pasted', () => {
    const parsed = connectionInputSchema.safeParse({ ...radosgw, secretAccessKey: `${SECRET}\nAKIDEXAMPLE` })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]?.message).toMatch(/spaces or line breaks inside/)
  })
})
