// The sockets every request of Ferry goes out on: the SDK's, the direct requests beside it and
// URL-stream sources. One place decides the proxy (the connection's, else HTTPS_PROXY/HTTP_PROXY/
// ALL_PROXY and NO_PROXY in either case, read by proxy-agent's proxy-from-env) and the
// certificate authorities (ca-bundle.ts), so no request can take another way out.
import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import type { SecureContext } from 'node:tls'
import type { ProxyAgentOptions } from 'proxy-agent'
import { caContext, caSourceOf } from './ca-bundle'
import { namingProxyAgent } from './naming-proxy-agent'
import {
  connectionProxy,
  environmentHasProxy,
  environmentProxy,
  type NetworkSettings,
} from './network-settings'
import { ignoringLateSocketErrors } from './safe-agents'

export interface SocketLimits {
  keepAlive: boolean
  maxSockets: number
  keepAliveMsecs?: number
}

export interface NetworkAgents {
  httpAgent: HttpAgent
  httpsAgent: HttpsAgent
}

/**
 * Agents for a connection: plain keep-alive agents when no proxy applies (nothing in the path
 * of every request), else one proxy agent per scheme that falls back to the same plain agents
 * for hosts NO_PROXY exempts. The CA context goes into both the direct TLS sockets and the
 * ones tunnelled through a proxy.
 */
export function networkAgents(
  limits: SocketLimits,
  settings: NetworkSettings = {},
  env: NodeJS.ProcessEnv = process.env,
): NetworkAgents {
  const secureContext: SecureContext | undefined = caContext(caSourceOf(settings, env), env)
  const base = { keepAliveMsecs: 1000, ...limits, ...(secureContext ? { secureContext } : {}) }
  const httpAgent = ignoringLateSocketErrors(new HttpAgent(base))
  const httpsAgent = ignoringLateSocketErrors(new HttpsAgent(base))
  if (settings.proxy === 'none') return { httpAgent, httpsAgent }
  const fixed = connectionProxy(settings.proxy)
  if (!fixed && !environmentHasProxy(env)) return { httpAgent, httpsAgent }
  const options: ProxyAgentOptions = { ...base, httpAgent, httpsAgent }
  if (fixed) options.getProxyForUrl = () => fixed
  const proxied = namingProxyAgent(options)
  if (!fixed) {
    // proxy-from-env applies NO_PROXY; the scheme and the check of what it found are ours.
    const fromEnv = proxied.getProxyForUrl
    proxied.getProxyForUrl = async (url, req) => environmentProxy(await fromEnv(url, req), url, env)
  }
  // One agent serves both schemes (agent-base tells them apart per request); NodeHttpHandler
  // and the direct requests take them as two.
  return { httpAgent: proxied, httpsAgent: proxied as unknown as HttpsAgent }
}
