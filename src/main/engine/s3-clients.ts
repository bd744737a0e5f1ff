// One S3 client per connection for the engine's lifetime: its keep-alive sockets are what
// makes a thousand small files fast (no TCP or TLS handshake per file).
import type { S3Client } from '@aws-sdk/client-s3'
import { credentialSourceOf, type EngineConnection } from '../../shared/engine-protocol'
import { createS3Client, type ClientOptions } from '../s3/client-factory'
import { isLeased, leasedProvider, renewLease } from './credential-leases'
import { useUnsignedPayload } from './unsigned-payload'

const clients = new Map<string, S3Client>()

/** What else picks the client's sockets and endpoints: the proxy, the CA file, the AWS variants. */
const routeOf = (c: EngineConnection): string =>
  JSON.stringify([c.proxy ?? '', c.caFile ?? '', c.dualStack, c.fips, c.accelerate])

export function clientFor(connection: EngineConnection): S3Client {
  if (isLeased(connection)) {
    // Short-lived credentials main keeps fresh: one client per source, whatever the keys.
    renewLease(connection)
    const key = `lease:${credentialSourceOf(connection)}:${routeOf(connection)}`
    let client = clients.get(key)
    if (!client) {
      const { credentials: _renewed, ...rest } = connection
      client = useUnsignedPayload(
        createS3Client(rest, { ...poolOptions(), credentials: leasedProvider(connection) }),
      )
      clients.set(key, client)
    }
    return client
  }
  // Credentials are part of the key: new keys typed after an expiry must not reuse the old client.
  const key = JSON.stringify([
    connection.endpoint,
    connection.region,
    connection.pathStyle,
    connection.profile ?? '',
    connection.credentials ?? null,
    routeOf(connection),
  ])
  let client = clients.get(key)
  if (!client) {
    client = useUnsignedPayload(createS3Client(connection, poolOptions()))
    clients.set(key, client)
  }
  return client
}

/**
 * `ferry daemon --pool N` sizes the keep-alive pool of the engine it launches;
 * FERRY_IDLE_TIMEOUT_MS shortens the no-progress timeout (tests use about 2 s, so a dead
 * connection after a blackout is noticed without waiting the default 30 s).
 */
function poolOptions(): ClientOptions {
  const options: ClientOptions = {}
  const n = Number(process.env['FERRY_MAX_SOCKETS'])
  if (Number.isInteger(n) && n > 0) options.maxSockets = n
  const idle = Number(process.env['FERRY_IDLE_TIMEOUT_MS'])
  if (Number.isInteger(idle) && idle >= 100) options.idleTimeoutMs = idle
  return options
}

export function destroyClients(): void {
  for (const client of clients.values()) client.destroy()
  clients.clear()
}
