import { randomUUID } from 'node:crypto'
import type { ConnectionFields, ConnectionSummary } from '../../../shared/domain/connection'
import { FerryError } from '../../../shared/errors'
import type { EngineConnection } from '../../../shared/engine-protocol'
import { checkNetwork, networkOf } from '../../s3/network-settings'
import type { KeyValueStore, SecretBox } from '../ports'
import { rememberCredentials } from '../../../shared/secrets-in-use'
import type { FerryStoreSchema, StoredConnection } from '../store-schema'

interface SessionSecrets {
  secretAccessKey?: string
  sessionToken?: string
}

type SecretField = keyof SessionSecrets

const SECRET_FIELDS: readonly SecretField[] = ['secretAccessKey', 'sessionToken']

const STORED_FIELDS = {
  secretAccessKey: { sealed: 'sealedSecret', plain: 'plainSecret' },
  sessionToken: { sealed: 'sealedSessionToken', plain: 'plainSessionToken' },
} as const

/**
 * Saved connections. Secrets are sealed by the SecretBox before they reach the store;
 * where the box cannot persist (no OS keychain), they live in memory for this session, or,
 * only when the person chose so, unencrypted in the settings file.
 */
const noConnection = (id: string, fix: string): FerryError =>
  new FerryError({ code: 'not-found', message: `connection ${id} does not exist`, fix })

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
      throw noConnection(fields.id, 'Reload the connection list and pick one that exists.')
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
    if (fields.encryption) next.encryption = fields.encryption
    if (fields.proxy) next.proxy = fields.proxy
    if (fields.caFile) next.caFile = fields.caFile
    // A CA file that is missing or no PEM is refused now, not at the first transfer.
    if (next.proxy || next.caFile) checkNetwork(networkOf(next))
    const session: SessionSecrets = { ...this.#sessionSecrets.get(id) }
    for (const field of SECRET_FIELDS) {
      const given = fields[field]
      const kept = existing?.[STORED_FIELDS[field].sealed]
      if (given === undefined && kept && this.secrets.persistent) {
        // Unchanged and sealed: keep the sealed copy rather than unseal and seal it again.
        next[STORED_FIELDS[field].sealed] = kept
        continue
      }
      const current =
        given !== undefined ? given : existing ? this.#secretOf(existing, session, field) : undefined
      this.#place(next, session, field, current ?? '', fields.rememberWithoutKeychain)
    }
    if (!fields.profile && !fields.accessKeyId) {
      // Neither keys nor a profile: the default AWS chain (environment, ~/.aws) decides.
      for (const field of SECRET_FIELDS) this.#place(next, session, field, '', false)
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
      throw noConnection(id, 'Pick a saved connection, or add one.')
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
      ...(c.proxy ? { proxy: c.proxy } : {}),
      ...(c.caFile ? { caFile: c.caFile } : {}),
    }
    if (c.profile) {
      resolved.profile = c.profile
      return resolved
    }
    if (c.accessKeyId) {
      const session = this.#sessionSecrets.get(id) ?? {}
      const secretAccessKey = this.#secretOf(c, session, 'secretAccessKey')
      if (!secretAccessKey) {
        throw new FerryError({
          code: 'invalid-credentials',
          message: `connection "${c.name}" has no secret access key`,
          fix: 'Edit the connection and enter its secret access key.',
        })
      }
      const sessionToken = this.#secretOf(c, session, 'sessionToken')
      resolved.credentials = {
        accessKeyId: c.accessKeyId,
        secretAccessKey,
        ...(sessionToken ? { sessionToken } : {}),
      }
      rememberCredentials(resolved.credentials)
    }
    return resolved
  }

  #secretOf(c: StoredConnection, session: SessionSecrets, field: SecretField): string | undefined {
    const { sealed, plain } = STORED_FIELDS[field]
    const sealedValue = c[sealed]
    if (sealedValue) return this.secrets.decrypt(sealedValue)
    return c[plain] ?? session[field]
  }

  /** Puts one secret where it belongs: the keychain, the settings file by choice, or memory. */
  #place(
    next: StoredConnection,
    session: SessionSecrets,
    field: SecretField,
    value: string,
    rememberWithoutKeychain: boolean,
  ): void {
    const { sealed, plain } = STORED_FIELDS[field]
    delete next[sealed]
    delete next[plain]
    delete session[field]
    if (value === '') return
    if (this.secrets.persistent) next[sealed] = this.secrets.encrypt(value)
    else if (rememberWithoutKeychain) next[plain] = value
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
      ...(c.encryption ? { encryption: c.encryption } : {}),
      proxy: c.proxy ?? '',
      caFile: c.caFile ?? '',
      hasSecret: Boolean(c.sealedSecret ?? c.plainSecret ?? session?.secretAccessKey),
      secretStorage: c.sealedSecret
        ? 'keychain'
        : c.plainSecret
          ? 'file'
          : session?.secretAccessKey
            ? 'session'
            : 'none',
    }
  }
}
