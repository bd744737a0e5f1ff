import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3'
import { fromNodeProviderChain } from '@aws-sdk/credential-providers'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import type { EngineConnection } from '../../shared/engine-protocol'
import { rememberCredentials } from '../../shared/secrets-in-use'
import { guardAgainstNonS3 } from './not-s3-guard'
import { profileCredentials } from './profile-credentials'
import { networkAgents } from './network-agents'
import { networkOf } from './network-settings'
import { traceClient } from './request-trace'

export interface ClientOptions {
  /** Keep-alive sockets per host; the pool s3daemon keeps warm. */
  maxSockets?: number
  /** Abort a request whose socket is idle this long: a stalled connection is retried, not waited on. */
  idleTimeoutMs?: number
  connectTimeoutMs?: number
  /** Signs with these instead of the connection's own (the engine's refreshed short-lived ones). */
  credentials?: S3ClientConfig['credentials']
}

/** The sockets and timeout a client sends with, for requests made beside the SDK (direct-put). */
export interface ClientTransport {
  httpAgent: HttpAgent
  httpsAgent: HttpsAgent
  idleTimeoutMs: number
}

const transports = new WeakMap<S3Client, ClientTransport>()

export const transportOf = (client: S3Client): ClientTransport | undefined => transports.get(client)

export const DEFAULT_IDLE_TIMEOUT_MS = 30_000
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000

/** Endpoints already asked about: the engine asks once or twice per file, and a URL parse is not free. */
const awsEndpoints = new Map<string, boolean>()

/** True for AWS itself: no endpoint, or an amazonaws.com host. */
export function isAwsEndpoint(endpoint: string): boolean {
  if (!endpoint) return true
  let aws = awsEndpoints.get(endpoint)
  if (aws === undefined) {
    try {
      aws = /(^|\.)amazonaws\.com(\.cn)?$/i.test(new URL(endpoint).hostname)
    } catch {
      aws = false
    }
    awsEndpoints.set(endpoint, aws)
  }
  return aws
}

export function createS3Client(connection: EngineConnection, options: ClientOptions = {}): S3Client {
  const maxSockets = options.maxSockets ?? 50
  const transport: ClientTransport = {
    ...networkAgents({ keepAlive: true, maxSockets }, networkOf(connection)),
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
  }
  const config: S3ClientConfig = {
    region: connection.region || 'us-east-1',
    forcePathStyle: connection.pathStyle,
    // Retries are Ferry's own (shared/retry-policy), per part, with progress-aware timeouts.
    maxAttempts: 1,
    // A bucket in another region than the connection's is reached there (the SDK reads the
    // region S3 names in the redirect and signs again), instead of failing on a 301.
    followRegionRedirects: true,
    // The SDK adds "Expect: 100-continue" to bodies of 2 MB and more, but with an agent of our
    // own it sends the body without waiting for the 100. A server that refuses the headers
    // (radosgw: a skewed clock, a wrong key) answers at once and closes, and the client, still
    // writing, often gets EPIPE instead of the answer: a refusal that looks like a network
    // error, retried with backoff and never corrected. Measured against radosgw, refused parts
    // of 5 and 16 MiB: about half ended in EPIPE with the header, none of 180 without
    // (test/integration/refused-requests.test.ts).
    expectContinueHeader: false,
    requestHandler: new NodeHttpHandler({
      httpAgent: transport.httpAgent,
      httpsAgent: transport.httpsAgent,
      connectionTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      // socketTimeout is the idle timeout in @smithy/node-http-handler 4.x; requestTimeout caps
      // the whole request and, without throwOnRequestTimeout, only logs a warning.
      socketTimeout: transport.idleTimeoutMs,
    }),
  }
  if (connection.endpoint) config.endpoint = connection.endpoint
  // Unset, the SDK reads AWS_USE_DUALSTACK_ENDPOINT / AWS_USE_FIPS_ENDPOINT and the profile's
  // use_dualstack_endpoint / use_fips_endpoint itself.
  if (connection.dualStack) config.useDualstackEndpoint = true
  if (connection.fips) config.useFipsEndpoint = true
  if (connection.accelerate) config.useAccelerateEndpoint = true
  if (!isAwsEndpoint(connection.endpoint)) {
    // Other stores (radosgw, MinIO, older gateways) reject or mangle the SDK's default
    // aws-chunked bodies with CRC32 trailers (radosgw: 411 MissingContentLength). Ferry
    // sends Content-MD5 per part instead and proves the object by its ETag.
    config.requestChecksumCalculation = 'WHEN_REQUIRED'
    config.responseChecksumValidation = 'WHEN_REQUIRED'
  }
  if (options.credentials) config.credentials = options.credentials
  else if (connection.credentials) {
    rememberCredentials(connection.credentials)
    const { expiration, ...keys } = connection.credentials
    config.credentials = expiration ? { ...keys, expiration: new Date(expiration) } : keys
  } else {
    // Profile and chain secrets are known only once resolved: remember them then, so that
    // redaction covers them too.
    const provider = connection.profile ? profileCredentials(connection.profile) : fromNodeProviderChain()
    config.credentials = async () => {
      const resolved = await provider()
      rememberCredentials(resolved)
      return resolved
    }
  }
  const client = guardAgainstNonS3(new S3Client(config), connection.endpoint)
  traceClient(client)
  transports.set(client, transport)
  return client
}
