// Short-lived credentials, kept fresh by main. A connection that names a profile (or the
// default chain) may resolve to credentials that expire: SSO, assume-role, credential_process.
// Main resolves them once per credential source, hands them to the engine with each run,
// and resolves them again before they expire, sending the new ones to the engine (a
// 'credentials' message), so a long upload carries on without a restart. When a refresh
// needs the person (an SSO sign-in that expired), the transfers of that source wait in
// needs-credentials with the command to run, and resume by themselves once it worked.
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers'
import { FerryError, type FerryErrorValue } from '../../../shared/errors'
import { credentialSourceOf, type EngineConnection } from '../../../shared/engine-protocol'

export interface ResolvedCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string | undefined
  expiration?: Date | undefined
}

export type CredentialSource = (connection: EngineConnection) => Promise<ResolvedCredentials>

/** The SDK's own chain, reading the config files afresh each time (a sign-in rewrites them). */
export const sdkCredentialSource: CredentialSource = (c) =>
  (c.profile
    ? fromIni({ profile: c.profile, ignoreCache: true })
    : fromNodeProviderChain({ ignoreCache: true }))()

/** Refresh this long before expiry at most: a slow SSO or STS call still lands in time. */
export const REFRESH_BEFORE_MS = 10 * 60_000
/** How often a source that needs the person is tried again (a sign-in in a terminal). */
export const DEFAULT_PERSON_POLL_MS = 15_000
const MIN_DELAY_MS = 250
const MAX_RETRY_MS = 30_000

/** When to resolve again: a third of the time left before expiry, at most REFRESH_BEFORE_MS. */
export function refreshDelayMs(expiration: number, now: number): number {
  const left = expiration - now
  return Math.max(MIN_DELAY_MS, left - Math.min(REFRESH_BEFORE_MS, left / 3))
}

/** True when only the person can fix the source: an SSO (or aws login) session that expired. */
export function needsPerson(e: unknown): boolean {
  const message = e instanceof Error ? e.message : String(e)
  return /aws (sso )?login/i.test(message) || (/\bsso\b/i.test(message) && /expired|invalid/i.test(message))
}

export function signInNeeded(connection: EngineConnection, cause: unknown, byItself = true): FerryError {
  const command = `aws sso login${connection.profile ? ` --profile ${connection.profile}` : ''}`
  const detail = cause instanceof Error ? cause.message : String(cause)
  return new FerryError({
    code: 'credentials-expired',
    message: `the sign-in${connection.profile ? ` of profile ${connection.profile}` : ''} has expired (${detail})`,
    fix: byItself
      ? `Run \`${command}\` in a terminal; the transfer carries on by itself once you are signed in.`
      : `Run \`${command}\` in a terminal, then resume the transfer (ferry resume --all).`,
  })
}

interface Lease {
  base: EngineConnection
  credentials?: NonNullable<EngineConnection['credentials']>
  /** The source gives long-lived keys: the engine resolves them itself, as before. */
  static?: boolean
  /** Set while only the person can help. */
  needsPerson?: FerryErrorValue
  pending?: Promise<EngineConnection>
  timer?: ReturnType<typeof setTimeout>
}

export interface CredentialRefreshDeps {
  source?: CredentialSource
  /** Sends fresh credentials to the engine (for the transfers running on that source). */
  push: (connection: EngineConnection) => void
  /** Credentials of a source work again: resume what waits in needs-credentials for them. */
  restored: (connection: EngineConnection) => void
  /** Whether a transfer still runs or waits on the source; if not, refreshing stops. */
  inUse: (source: string) => boolean
  personPollMs?: number
  /** The host resumes waiting transfers itself (the app); the CLI exits and says how to resume. */
  resumesByItself?: boolean
}

export class CredentialRefresh {
  readonly #leases = new Map<string, Lease>()
  #closed = false

  constructor(private readonly deps: CredentialRefreshDeps) {}

  /**
   * The connection to send the engine: with short-lived credentials filled in when its source
   * gives them. Throws credentials-expired (with the sign-in command) when only the person
   * can help; other failures leave the connection as it is, for the engine to report.
   */
  async prepare(connection: EngineConnection): Promise<EngineConnection> {
    if (connection.credentials) return connection
    const key = credentialSourceOf(connection)
    let lease = this.#leases.get(key)
    if (!lease) {
      lease = { base: connection }
      this.#leases.set(key, lease)
    }
    if (lease.static) return connection
    if (lease.needsPerson) throw FerryError.fromValue(lease.needsPerson)
    const current = lease.credentials
    if (current?.expiration && Date.parse(current.expiration) - Date.now() > MIN_DELAY_MS * 4)
      return { ...connection, credentials: current }
    const resolving = (lease.pending ??= this.#resolve(key, lease).finally(() => delete lease.pending))
    return resolving
  }

  /** The error a transfer waiting for credentials shows: the sign-in command when one is needed. */
  explain(connection: EngineConnection, error: FerryErrorValue): FerryErrorValue {
    return this.#leases.get(credentialSourceOf(connection))?.needsPerson ?? error
  }

  close(): void {
    this.#closed = true
    for (const lease of this.#leases.values()) clearTimeout(lease.timer)
    this.#leases.clear()
  }

  async #resolve(key: string, lease: Lease): Promise<EngineConnection> {
    let resolved: ResolvedCredentials
    try {
      resolved = await (this.deps.source ?? sdkCredentialSource)(lease.base)
    } catch (e) {
      if (needsPerson(e)) {
        lease.needsPerson = signInNeeded(lease.base, e, this.deps.resumesByItself ?? true).toValue()
        this.#schedule(key, lease, this.deps.personPollMs ?? DEFAULT_PERSON_POLL_MS)
        throw FerryError.fromValue(lease.needsPerson)
      }
      // Not resolvable here (no credentials at all, a network error): the engine tries
      // itself and reports its own error, as it did before main resolved anything.
      this.#leases.delete(key)
      return lease.base
    }
    if (!this.#take(key, lease, resolved)) return lease.base
    return { ...lease.base, credentials: lease.credentials! }
  }

  /** Keeps resolved credentials and plans the next refresh; false for long-lived ones. */
  #take(key: string, lease: Lease, resolved: ResolvedCredentials): boolean {
    delete lease.needsPerson
    if (!resolved.expiration) {
      // Long-lived keys (or a profile edited to give them): the engine resolves them itself.
      lease.static = true
      delete lease.credentials
      return false
    }
    lease.credentials = {
      accessKeyId: resolved.accessKeyId,
      secretAccessKey: resolved.secretAccessKey,
      ...(resolved.sessionToken ? { sessionToken: resolved.sessionToken } : {}),
      expiration: resolved.expiration.toISOString(),
    }
    this.#schedule(key, lease, refreshDelayMs(resolved.expiration.getTime(), Date.now()))
    return true
  }

  #schedule(key: string, lease: Lease, delayMs: number): void {
    clearTimeout(lease.timer)
    lease.timer = setTimeout(() => void this.#refresh(key, lease), delayMs)
    // The CLI exits when its transfers end: a pending refresh must not hold it open.
    lease.timer.unref?.()
  }

  async #refresh(key: string, lease: Lease): Promise<void> {
    if (this.#closed || this.#leases.get(key) !== lease) return
    if (!this.deps.inUse(key)) {
      this.#leases.delete(key)
      return
    }
    let resolved: ResolvedCredentials
    try {
      resolved = await (this.deps.source ?? sdkCredentialSource)(lease.base)
    } catch (e) {
      if (this.#closed) return
      if (needsPerson(e)) {
        lease.needsPerson = signInNeeded(lease.base, e, this.deps.resumesByItself ?? true).toValue()
        this.#schedule(key, lease, this.deps.personPollMs ?? DEFAULT_PERSON_POLL_MS)
        return
      }
      // A passing failure (credential_process or STS unreachable): try again well before expiry.
      const left = lease.credentials?.expiration ? Date.parse(lease.credentials.expiration) - Date.now() : 0
      this.#schedule(key, lease, Math.min(MAX_RETRY_MS, Math.max(MIN_DELAY_MS * 4, left / 4)))
      return
    }
    if (this.#closed) return
    if (this.#take(key, lease, resolved)) this.deps.push({ ...lease.base, credentials: lease.credentials! })
    // Transfers that ran out of credentials meanwhile (or waited for a sign-in) go on now.
    this.deps.restored(lease.base)
  }
}
