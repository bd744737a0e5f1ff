import { describe, expect, it } from 'vitest'
import type { StoredConnection } from '../core/store-schema'
import { connectionsByAlias, type AliasSources } from './alias-connections'

const saved = (over: Partial<StoredConnection>): StoredConnection => ({
  id: 'id',
  name: 'n',
  endpoint: 'http://saved:7480',
  region: 'eu-1',
  pathStyle: true,
  profile: '',
  accessKeyId: '',
  defaultBucket: '',
  ...over,
})

const sources = (over: Partial<AliasSources> = {}): AliasSources => ({
  fallback: {
    endpoint: 'http://env:9000',
    region: 'us-east-1',
    pathStyle: true,
    credentials: { accessKeyId: 'ENVKEY', secretAccessKey: 'envsecret' },
  },
  saved: () => [
    saved({ name: 'withprofile', profile: 'p1' }),
    saved({ name: 'chain' }),
    saved({ name: 'sealed', accessKeyId: 'SAVEDKEY', sealedSecret: 'opaque' }),
    saved({ name: 'samekey', accessKeyId: 'ENVKEY', sealedSecret: 'opaque' }),
  ],
  profiles: () => new Set(['default', 'prod']),
  env: { AWS_ACCESS_KEY_ID: 'ENVKEY', AWS_SECRET_ACCESS_KEY: 'envsecret' },
  ...over,
})

describe('connectionsByAlias', () => {
  const pick = connectionsByAlias(sources())

  it('picks a saved connection by name: its endpoint, with its profile or the default chain', () => {
    expect(pick('withprofile')).toEqual({
      endpoint: 'http://saved:7480',
      region: 'eu-1',
      pathStyle: true,
      profile: 'p1',
    })
    expect(pick('chain')).toEqual({ endpoint: 'http://saved:7480', region: 'eu-1', pathStyle: true })
  })

  it("uses the environment's secret for a saved connection with the same key, and refuses a sealed one", () => {
    expect(pick('samekey').credentials).toEqual({ accessKeyId: 'ENVKEY', secretAccessKey: 'envsecret' })
    expect(() => pick('sealed')).toThrow(
      expect.objectContaining({
        code: 'invalid-credentials',
        fix: expect.stringContaining('AWS_ACCESS_KEY_ID=SAVEDKEY'),
      }),
    )
  })

  it("picks an AWS profile of that name with the daemon's endpoint, else ignores the alias as s3daemon does", () => {
    expect(pick('prod')).toEqual({
      endpoint: 'http://env:9000',
      region: 'us-east-1',
      pathStyle: true,
      profile: 'prod',
    })
    expect(pick('s3df')).toBe(pick(undefined))
    expect(pick('s3df')).toMatchObject({
      endpoint: 'http://env:9000',
      credentials: { accessKeyId: 'ENVKEY' },
    })
  })

  it('lets a host with a keychain (the app) unseal saved connections itself', () => {
    const app = connectionsByAlias(
      sources({ unseal: (id) => ({ endpoint: `unsealed:${id}`, region: 'r', pathStyle: false }) }),
    )
    expect(app('sealed')).toEqual({ endpoint: 'unsealed:id', region: 'r', pathStyle: false })
  })
})
