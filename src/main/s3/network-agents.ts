// The sockets every request of Ferry goes out on: the SDK's, the direct requests beside it and
// URL-stream sources. One place decides the proxy (the connection's, else HTTPS_PROXY/HTTP_PROXY/
// ALL_PROXY and NO_PROXY in either case, read by proxy-agent's proxy-from-env) and the
// certificate authorities (ca-bundle.ts), so no request can take another way out.
import { Agent as HttpAgent, type ClientRequest } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import type { Socket } from 'node:net'
import type { SecureContext } from 'node:tls'
import { ProxyAgent, type ProxyAgentOptions } from 'proxy-agent'
import { caContext, caSourceOf } from './ca-bundle'
import { ProxyFailure } from './network-errors'
import {
  connectionProxy,
  environmentHasProxy,
  environmentProxy,
  proxyDisplay,
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
 * A proxy agent (keep-alive pooled per proxy) whose tunnels fail with a ProxyFailure naming the
 * proxy: a refused connection to the proxy, or a CONNECT it answers with anything but 200.
 * Without this, https-proxy-agent replays a refused CONNECT's answer as if the store had sent it
 * (a 403 that reads "access denied"), and a proxy that is down reads "the endpoint refused".
 */
class NamingProxyAgent extends ProxyAgent {
  readonly #wrapped = new WeakSet<object>()

  override async connect(req: ClientRequest, opts: Parameters<ProxyAgent['connect']>[1]) {
    const chosen = await super.connect(req, opts)
    if (chosen === this.httpAgent || chosen === this.httpsAgent || this.#wrapped.has(chosen)) return chosen
    this.#wrapped.add(chosen)
    const tunnel = chosen as unknown as {
      proxy?: unknown
      proxyUrl?: string
      connect(req: ClientRequest, opts: unknown): Promise<Socket>
    }
    // https-proxy-agent keeps the proxy as a URL; socks-proxy-agent as { host, port } beside proxyUrl.
    const proxy = proxyDisplay(
      tunnel.proxyUrl ?? (tunnel.proxy instanceof URL ? tunnel.proxy.href : 'the proxy'),
    )
    const open = tunnel.connect.bind(tunnel)
    tunnel.connect = async (request, options) => {
      let answer: { statusCode?: number; statusText?: string } | undefined
      const onConnect = (connect: { statusCode?: number; statusText?: string }) => (answer = connect)
      request.once('proxyConnect', onConnect)
      try {
        const socket = await open(request, options)
        // http-proxy-agent sends no CONNECT (it forwards absolute URLs) and reports no status.
        if (answer?.statusCode !== undefined && answer.statusCode !== 200) {
          socket.destroy()
          // 407 is the standard answer for missing proxy credentials; tinyproxy sends 401.
          const auth = answer.statusCode === 407 || answer.statusCode === 401
          throw new ProxyFailure(
            proxy,
            `answered CONNECT with ${answer.statusCode} ${answer.statusText ?? ''}`.trim(),
            auth ? 'EPROXYAUTH' : 'EPROXYREFUSED',
          )
        }
        return socket
      } catch (e) {
        if (e instanceof ProxyFailure) throw e
        const code = (e as NodeJS.ErrnoException).code
        throw new ProxyFailure(proxy, e instanceof Error && e.message ? e.message : String(e), code, e)
      } finally {
        request.off('proxyConnect', onConnect)
      }
    }
    ignoringLateSocketErrors(chosen as unknown as HttpAgent)
    return chosen
  }
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
  const proxied = new NamingProxyAgent(options)
  if (!fixed) {
    // proxy-from-env applies NO_PROXY; the scheme and the check of what it found are ours.
    const fromEnv = proxied.getProxyForUrl
    proxied.getProxyForUrl = async (url, req) => environmentProxy(await fromEnv(url, req), url, env)
  }
  // One agent serves both schemes (agent-base tells them apart per request); NodeHttpHandler
  // and the direct requests take them as two.
  return { httpAgent: proxied, httpsAgent: proxied as unknown as HttpsAgent }
}
