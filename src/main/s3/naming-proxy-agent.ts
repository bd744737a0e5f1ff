// The proxy agent, loaded only when a proxy applies: proxy-agent and what it loads (agent-base,
// debug, an LRU cache, proxy-from-env, about ten modules) cost a one-shot CLI command about a
// tenth of its CPU, and most commands go out without a proxy (docs/performance.md).
import { Agent as HttpAgent, type ClientRequest } from 'node:http'
import { createRequire } from 'node:module'
import type { Socket } from 'node:net'
import type { ProxyAgent, ProxyAgentOptions } from 'proxy-agent'
import { NETWORK_CODES } from '../../shared/retry-policy'
import { ProxyFailure } from './network-errors'
import { proxyDisplay } from './network-settings'
import { ignoringLateSocketErrors } from './safe-agents'

type ProxyAgentClass = typeof ProxyAgent

let agentClass: ProxyAgentClass | undefined

/**
 * A proxy agent for these options. The first call loads proxy-agent with require: agents are
 * made synchronously, and proxy-agent, an ES module, loads so since Node 20.19 (package.json's
 * engines; Electron's Node is newer).
 */
export function namingProxyAgent(options: ProxyAgentOptions): ProxyAgent {
  agentClass ??= namingClass(
    (createRequire(import.meta.url)('proxy-agent') as { ProxyAgent: ProxyAgentClass }).ProxyAgent,
  )
  return new agentClass(options)
}

/**
 * A proxy agent (keep-alive pooled per proxy) whose tunnels fail with a ProxyFailure naming the
 * proxy: a refused connection to the proxy, or a CONNECT it answers with anything but 200.
 * Without this, https-proxy-agent replays a refused CONNECT's answer as if the store had sent it
 * (a 403 that reads "access denied"), and a proxy that is down reads "the endpoint refused".
 */
function namingClass(ProxyAgent: ProxyAgentClass): ProxyAgentClass {
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
          const reason = e instanceof Error && e.message ? e.message : String(e)
          throw new ProxyFailure(proxy, reason, (e as NodeJS.ErrnoException).code ?? socketCodeIn(reason), e)
        } finally {
          request.off('proxyConnect', onConnect)
        }
      }
      ignoringLateSocketErrors(chosen as unknown as HttpAgent)
      return chosen
    }
  }
  return NamingProxyAgent
}

/**
 * socks-proxy-agent's errors carry no code, only the socket's message ("connect ECONNREFUSED
 * 127.0.0.1:1080"): the code is read from it, so a SOCKS proxy that is down reads as one.
 */
export function socketCodeIn(message: string): string | undefined {
  return message.match(/\bE[A-Z_]+\b/g)?.find((code) => NETWORK_CODES.has(code))
}
