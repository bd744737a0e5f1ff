// Short-lived credentials in the engine. Main resolves them from the profile (SSO,
// assume-role, credential_process) and sends fresh ones before they expire; the engine's
// clients read the newest through a provider, so a long upload carries on over many
// expiries with the same client and its warm connections. The SDK asks the provider again
// before every request once the credentials are within five minutes of expiring, so a
// renewal is picked up without any signal.
import { FerryError } from '../../shared/errors'
import { credentialSourceOf, type EngineConnection } from '../../shared/engine-protocol'

type Leased = NonNullable<EngineConnection['credentials']> & { expiration: string }

/** The SDK's credential identity (AwsCredentialIdentity), without importing @smithy/types. */
interface Identity {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  expiration?: Date
}

interface Lease {
  current: Leased
  /** Requests waiting for a renewal because the current ones have expired. */
  waiters: (() => void)[]
}

/** How long a request waits for a renewal already on its way before it fails. */
const RENEWAL_GRACE_MS = 5_000

const leases = new Map<string, Lease>()

export const isLeased = (connection: EngineConnection): boolean =>
  connection.credentials?.expiration !== undefined

/** Takes the connection's credentials if they are newer than the ones held for its source. */
export function renewLease(connection: EngineConnection): void {
  const credentials = connection.credentials
  if (!credentials?.expiration) return
  const key = credentialSourceOf(connection)
  const lease = leases.get(key)
  const fresh = { ...credentials, expiration: credentials.expiration }
  if (!lease) {
    leases.set(key, { current: fresh, waiters: [] })
    return
  }
  if (Date.parse(fresh.expiration) < Date.parse(lease.current.expiration)) return
  lease.current = fresh
  for (const wake of lease.waiters.splice(0)) wake()
}

function identity(c: Leased): Identity {
  return {
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
    expiration: new Date(c.expiration),
  }
}

function expired(connection: EngineConnection, at: string): FerryError {
  const profile = connection.profile ? ` of profile ${connection.profile}` : ''
  return new FerryError({
    code: 'credentials-expired',
    message: `the temporary credentials${profile} expired at ${at} and no fresh ones arrived`,
    fix: 'Ferry refreshes them by itself; if the profile needs you to sign in again (aws sso login), do so and the transfer carries on.',
  })
}

/** The provider a leased connection's client signs with: always the newest credentials. */
export function leasedProvider(connection: EngineConnection): () => Promise<Identity> {
  renewLease(connection)
  const key = credentialSourceOf(connection)
  return async () => {
    const lease = leases.get(key)!
    if (Date.parse(lease.current.expiration) > Date.now()) return identity(lease.current)
    // Signing with expired credentials only earns ExpiredToken: wait briefly for main's renewal.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, RENEWAL_GRACE_MS)
      lease.waiters.push(() => {
        clearTimeout(timer)
        resolve()
      })
    })
    if (Date.parse(lease.current.expiration) > Date.now()) return identity(lease.current)
    throw expired(connection, lease.current.expiration)
  }
}
