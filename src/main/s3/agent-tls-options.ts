// The TLS options of a socket opened beside the SDK (range-get.ts): exactly those the
// connection's https agent gives every socket it opens, so the CA bundle (ca-bundle.ts, added to
// the system roots), the certificate checks and the host name checked are the SDK's own, never a
// second copy that could drift from them.
import type { Agent as HttpsAgent } from 'node:https'
import { isIP } from 'node:net'
import type { ConnectionOptions } from 'node:tls'

/**
 * What `https.Agent` passes to `tls.connect` for a request to host:port: the agent's own options
 * (its secureContext among them), then the server name as Node's agent works it out: the host,
 * or none for an IP address (RFC 6066 has no SNI for those; the certificate is still checked
 * against the address).
 */
export function agentTlsOptions(agent: HttpsAgent, host: string, port: number): ConnectionOptions {
  const options: ConnectionOptions = { ...agent.options, host, port }
  if (isIP(host)) delete options.servername
  else options.servername = host
  return options
}
