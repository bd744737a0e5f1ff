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
import { ProxyFailure, badProxySetting } from './network-errors'
import { ignoringLateSocketErrors } from './safe-agents'

/** What a connection may say about its network; unset means the environment decides. */
export interface NetworkSettings {
  /** A proxy URL (http://host:port), or "none" to go direct whatever the environment says. */
  proxy?: string
  /** A PEM file of certificate authorities added to the system's roots. */
  caFile?: string
  /** The AWS profile whose ca_bundle applies when neither the connection nor AWS_CA_BUNDLE names one. */
  profile?: string
}

export interface SocketLimits {
  keepAlive: boolean
  maxSockets: number
  keepAliveMsecs?: number
}

export interface NetworkAgents {
  httpAgent: HttpAgent
  httpsAgent: HttpsAgent
}

const PROXY_VARIABLES = ['https_proxy', 'http_proxy', 'all_proxy']

/** True when the environment names a proxy for some scheme. */
export function environmentHasProxy(env: NodeJS.ProcessEnv = process.env): boolean {
  return PROXY_VARIABLES.some((name) => env[name] || env[name.toUpperCase()])
}

/** The connection's proxy as a URL, checked before any request. */
export function connectionProxy(proxy: string | undefined): string | undefined {
  if (!proxy || proxy === 'none') return undefined
  let url: URL
  try {
    url = new URL(proxy.includes('://') ? proxy : `http://${proxy}`)
  } catch {
    throw badProxySetting(proxy, 'is not a URL', 'Give the proxy as http://HOST:PORT.')
  }
  if (!/^(https?|socks[45]?[ah]?):$/.test(url.protocol))
    throw badProxySetting(
      proxy,
      `uses ${url.protocol}, which Ferry cannot speak`,
      'Give the proxy as http://HOST:PORT (or https:// or socks5://).',
    )
  return url.href
}

/** The proxy's URL without its password, for messages. */
export const proxyDisplay = (proxy: string): string => {
  try {
    const url = new URL(proxy)
    url.password = ''
    url.username = ''
    return url.href.replace(/\/$/, '')
  } catch {
    return proxy
  }
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
      proxy?: URL
      connect(req: ClientRequest, opts: unknown): Promise<Socket>
    }
    const proxy = proxyDisplay(tunnel.proxy?.href ?? 'the proxy')
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
          throw new ProxyFailure(
            proxy,
            `answered CONNECT with ${answer.statusCode} ${answer.statusText ?? ''}`.trim(),
            'EPROXYREFUSED',
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
 * Refuses, before any request, a proxy that is no URL and a CA file that is missing or holds no
 * PEM certificate (the context built is kept for the clients made next).
 */
export function checkNetwork(settings: NetworkSettings, env: NodeJS.ProcessEnv = process.env): void {
  connectionProxy(settings.proxy)
  caContext(caSourceOf(settings, env), env)
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
  // One agent serves both schemes (agent-base tells them apart per request); NodeHttpHandler
  // and the direct requests take them as two.
  return { httpAgent: proxied, httpsAgent: proxied as unknown as HttpsAgent }
}
