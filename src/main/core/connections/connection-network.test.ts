// A saved connection's proxy and CA file: checked when saved, kept, and handed to the clients.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { connectionInputSchema, type ConnectionInput } from '../../../shared/domain/connection'
import type { KeyValueStore, SecretBox } from '../ports'
import { STORE_DEFAULTS, type FerryStoreSchema } from '../store-schema'
import { ConnectionStore } from './connection-store'

// A self-signed CA (openssl req -x509 -newkey ec -subj "/CN=unit CA"): any parsable PEM will do.
const CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBeTCCAR+gAwIBAgIUR5EwnNkFtAXkyYFeZbVQl4Uc/owwCgYIKoZIzj0EAwIw
EjEQMA4GA1UEAwwHdW5pdCBDQTAeFw0yNjEyMDcwNjM1MzJaFw0zNjEyMDQwNjM1
MzJaMBIxEDAOBgNVBAMMB3VuaXQgQ0EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
AATQtWE/0jTdhnGk8X/rMviknmh28S7Z80C0AjKYcyviWCxnVKcwPoGSaIoJqi9I
s7PQ7jJIS1Z09rKsmJD9pczso1MwUTAdBgNVHQ4EFgQULAo+k1PFzlypqMjXFXeL
Wt7F2GkwHwYDVR0jBBgwFoAULAo+k1PFzlypqMjXFXeLWt7F2GkwDwYDVR0TAQH/
BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiATwqLFjUmRuY8vDHl/XYn3eYeFRbni
fsaEMzH9poYeLAIhAMkoDY8JSyXi0GWKarbqNvMiG2Rq27q5Pz9zGr3lZPLr
-----END CERTIFICATE-----
`

class MemoryStore implements KeyValueStore<FerryStoreSchema> {
  readonly path = '/memory/ferry-settings.json'
  data: FerryStoreSchema = structuredClone(STORE_DEFAULTS)
  get<K extends keyof FerryStoreSchema>(key: K): FerryStoreSchema[K] {
    return structuredClone(this.data[key])
  }
  set<K extends keyof FerryStoreSchema>(key: K, value: FerryStoreSchema[K]): void {
    this.data = { ...this.data, [key]: structuredClone(value) }
  }
}

const noKeychain: SecretBox = {
  persistent: false,
  encrypt: () => {
    throw new Error('no keychain')
  },
  decrypt: () => {
    throw new Error('no keychain')
  },
}

const dir = mkdtempSync(join(tmpdir(), 'ferry-conn-net-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const caFile = join(dir, 'ca.pem')
writeFileSync(caFile, CA_PEM)
const notPem = join(dir, 'not.pem')
writeFileSync(notPem, 'hello\n')

const input = (extra: Partial<ConnectionInput>): ConnectionInput => ({
  name: 'corp',
  endpoint: 'https://s3.corp.example',
  pathStyle: true,
  profile: 'work',
  ...extra,
})

describe("a connection's network settings", () => {
  it('keeps its proxy and CA file, shows them, and resolves them for the clients', () => {
    const connections = new ConnectionStore(new MemoryStore(), noKeychain)
    const fields = connectionInputSchema.parse(input({ proxy: 'http://proxy.corp.example:3128', caFile }))
    const saved = connections.save(fields)
    expect([saved.proxy, saved.caFile]).toEqual(['http://proxy.corp.example:3128', caFile])
    expect(connections.resolve(saved.id)).toMatchObject({ proxy: 'http://proxy.corp.example:3128', caFile })
    const plain = connections.save(connectionInputSchema.parse(input({ name: 'plain' })))
    expect([plain.proxy, plain.caFile]).toEqual(['', ''])
    expect(connections.resolve(plain.id)).not.toHaveProperty('proxy')
  })

  it('refuses a CA file that is missing or not PEM when saved, naming it', () => {
    const connections = new ConnectionStore(new MemoryStore(), noKeychain)
    expect(() =>
      connections.save(connectionInputSchema.parse(input({ caFile: join(dir, 'gone.pem') }))),
    ).toThrow(`the CA file ${join(dir, 'gone.pem')}`)
    expect(() => connections.save(connectionInputSchema.parse(input({ caFile: notPem })))).toThrow(
      'holds no PEM certificate',
    )
    expect(connections.list()).toEqual([])
  })

  it('takes a proxy URL, "none" or blank, and refuses a proxy password (it would be stored in the clear)', () => {
    for (const proxy of ['', 'none', 'http://10.0.0.1:3128', 'socks5://proxy:1080'])
      expect(connectionInputSchema.safeParse(input({ proxy })).success).toBe(true)
    for (const proxy of ['proxy:3128', 'ftp://proxy', 'http://user:secret@proxy:3128'])
      expect(connectionInputSchema.safeParse(input({ proxy })).success).toBe(false)
  })
})
