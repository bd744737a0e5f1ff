import { randomUUID } from 'node:crypto'
import type { ConnectionFields, ConnectionSummary } from '../../../shared/domain/connection'
import { FerryError } from '../../../shared/errors'
import type { EngineConnection } from '../../../shared/engine-protocol'
import type { KeyValueStore, SecretBox } from '../ports'
import type { FerryStoreSchema, StoredConnection } from '../store-schema'

interface SessionSecrets {
  secretAccessKey?: string
  sessionToken?: string
}

/**
 * Saved connections. Secrets are sealed by the SecretBox before they reach the store;
 * where the box cannot persist (no OS keychain), they live in memory for this session.
 */
export class ConnectionStore {
  readonly #sessionSecrets = new Map<string, SessionSecrets>()
  readonly #listeners = new Set<(all: ConnectionSummary[]) => void>()

  constructor(
    private readonly store: KeyValueStore<FerryStoreSchema>,
    private readonly secrets: SecretBox,
  ) {}

  onChanged(listener: (all: ConnectionSummary[]) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #notify(): void {
    const all = this.list()
    for (const listener of this.#listeners) listener(all)
  }

  list(): ConnectionSummary[] {
    return this.store.get('connections').map((c) => this.#summary(c))
  }

  save(fields: ConnectionFields): ConnectionSummary {
    const all = this.store.get('connections')
    const existing = fields.id ? all.find((c) => c.id === fields.id) : undefined
    if (fields.id && !existing) {
      throw new FerryError({
        code: 'not-found',
        message: `connection ${fields.id} does not exist`,
        fix: 'Reload the connection list and pick one that exists.',
      })
    }
    const id = existing?.id ?? randomUUID()
    const next: StoredConnection = {
      id,
      name: fields.name,
      endpoint: fields.endpoint.replace(/\/+$/, ''),
      region: fields.region || 'us-east-1',
      pathStyle: fields.pathStyle,
      profile: fields.profile,
      accessKeyId: fields.accessKeyId,
      defaultBucket: fields.defaultBucket,
    }
    if (fields.publicUrlBase) next.publicUrlBase = fields.publicUrlBase.replace(/\/+$/, '')
    const session: SessionSecrets = { ...this.#sessionSecrets.get(id) }
    if (existing?.sealedSecret) next.sealedSecret = existing.sealedSecret
    if (existing?.sealedSessionToken) next.sealedSessionToken = existing.sealedSessionToken
    if (fields.secretAccessKey !== undefined)
      this.#seal(next, session, 'secretAccessKey', fields.secretAccessKey)
    if (fields.sessionToken !== undefined) this.#seal(next, session, 'sessionToken', fields.sessionToken)
    if (!fields.profile && !fields.accessKeyId) {
      // Neither keys nor a profile: the default AWS chain (environment, ~/.aws) decides.
      delete next.sealedSecret
      delete next.sealedSessionToken
      delete session.secretAccessKey
      delete session.sessionToken
    }
    this.#sessionSecrets.set(id, session)
    this.store.set('connections', existing ? all.map((c) => (c.id === id ? next : c)) : [...all, next])
    this.#notify()
    return this.#summary(next)
  }

  remove(id: string): void {
    this.#sessionSecrets.delete(id)
    this.store.set(
      'connections',
      this.store.get('connections').filter((c) => c.id !== id),
    )
    this.#notify()
  }

  get(id: string): StoredConnection {
    const found = this.store.get('connections').find((c) => c.id === id)
    if (!found) {
      throw new FerryError({
        code: 'not-found',
        message: `connection ${id} does not exist`,
        fix: 'Pick a saved connection, or add one.',
      })
    }
    return found
  }

  /** The connection with its secrets unsealed, for the engine and the S3 client only. */
  resolve(id: string): EngineConnection & { name: string; defaultBucket: string } {
    const c = this.get(id)
    const resolved: EngineConnection & { name: string; defaultBucket: string } = {
      name: c.name,
      endpoint: c.endpoint,
      region: c.region,
      pathStyle: c.pathStyle,
      defaultBucket: c.defaultBucket,
    }
    if (c.profile) {
      resolved.profile = c.profile
      return resolved
    }
    if (c.accessKeyId) {
      const session = this.#sessionSecrets.get(id)
      const secretAccessKey = c.sealedSecret ? this.secrets.decrypt(c.sealedSecret) : session?.secretAccessKey
      if (!secretAccessKey) {
        throw new FerryError({
          code: 'invalid-credentials',
          message: `connection "${c.name}" has no secret access key`,
          fix: 'Edit the connection and enter its secret access key.',
        })
      }
      const sessionToken = c.sealedSessionToken
        ? this.secrets.decrypt(c.sealedSessionToken)
        : session?.sessionToken
      resolved.credentials = {
        accessKeyId: c.accessKeyId,
        secretAccessKey,
        ...(sessionToken ? { sessionToken } : {}),
      }
    }
    return resolved
  }

  #seal(next: StoredConnection, session: SessionSecrets, field: keyof SessionSecrets, value: string): void {
    const sealedField = field === 'secretAccessKey' ? 'sealedSecret' : 'sealedSessionToken'
    delete next[sealedField]
    delete session[field]
    if (value === '') return
    if (this.secrets.persistent) next[sealedField] = this.secrets.encrypt(value)
    else session[field] = value
  }

  #summary(c: StoredConnection): ConnectionSummary {
    const session = this.#sessionSecrets.get(c.id)
    return {
      id: c.id,
      name: c.name,
      endpoint: c.endpoint,
      region: c.region,
      pathStyle: c.pathStyle,
      profile: c.profile,
      accessKeyId: c.accessKeyId,
      defaultBucket: c.defaultBucket,
      publicUrlBase: c.publicUrlBase ?? '',
      hasSecret: Boolean(c.sealedSecret ?? session?.secretAccessKey),
    }
  }
}
