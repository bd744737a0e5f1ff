// Is the endpoint reachable again? A GET of its root: any HTTP answer (even 403) says the
// network and the server are back; only a connection that fails or stays silent says no.
// Not HEAD: radosgw answers HEAD / with a chunked body, which Node's parser rejects.
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { EngineConnection } from '../../../shared/engine-protocol'
import { networkAgents, type NetworkAgents } from '../../s3/network-agents'
import { networkOf } from '../../s3/network-settings'

export type EndpointProbe = (connection: EngineConnection) => Promise<boolean>

export const PROBE_TIMEOUT_MS = 5000

export function endpointUrl(connection: Pick<EngineConnection, 'endpoint' | 'region'>): URL {
  return new URL(connection.endpoint || `https://s3.${connection.region || 'us-east-1'}.amazonaws.com`)
}

export const probeEndpoint: EndpointProbe = (connection) =>
  new Promise((resolve) => {
    let url: URL
    try {
      url = endpointUrl(connection)
    } catch {
      resolve(false)
      return
    }
    // The way the transfers go: behind a proxy the endpoint may be unreachable directly.
    let agents: NetworkAgents
    try {
      agents = networkAgents({ keepAlive: false, maxSockets: 1 }, networkOf(connection))
    } catch {
      resolve(false)
      return
    }
    const done = (reachable: boolean) => {
      agents.httpAgent.destroy()
      agents.httpsAgent.destroy()
      resolve(reachable)
    }
    const http = url.protocol === 'http:'
    // Nothing secret is sent, and a certificate problem (which the transfer names) must not
    // make a reachable endpoint look dead.
    const req = (http ? httpRequest : httpsRequest)(url, {
      method: 'GET',
      timeout: PROBE_TIMEOUT_MS,
      rejectUnauthorized: false,
      agent: http ? agents.httpAgent : agents.httpsAgent,
    })
    req.on('response', (res) => {
      res.resume()
      done(true)
    })
    req.on('timeout', () => req.destroy(new Error('probe timed out')))
    req.on('error', () => done(false))
    req.end()
  })

/** The wait before probe number `attempt` (0-based): quick at first, then every 30 s at most. */
export function probeDelayMs(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** Math.min(attempt, 10))
}
