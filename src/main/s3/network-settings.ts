// What a connection says about its network (its proxy, its CA file) and the checks made before
// any request. Kept apart from the agents so that reading flags does not load proxy-agent or the SDK.
import type { EngineConnection } from '../../shared/engine-protocol'
import { caContext, caSourceOf } from './ca-bundle'
import { badProxySetting } from './network-errors'

/** What a connection may say about its network; unset means the environment decides. */
export interface NetworkSettings {
  /** A proxy URL (http://host:port), or "none" to go direct whatever the environment says. */
  proxy?: string
  /** A PEM file of certificate authorities added to the system's roots. */
  caFile?: string
  /** The AWS profile whose ca_bundle applies when neither the connection nor AWS_CA_BUNDLE names one. */
  profile?: string
}

/** The network settings of a connection: its own proxy and CA file, and the profile for ca_bundle. */
export function networkOf(connection: EngineConnection): NetworkSettings {
  const settings: NetworkSettings = {}
  if (connection.proxy) settings.proxy = connection.proxy
  if (connection.caFile) settings.caFile = connection.caFile
  if (connection.profile) settings.profile = connection.profile
  return settings
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
 * Refuses, before any request, a proxy that is no URL and a CA file that is missing or holds no
 * PEM certificate (the context built is kept for the clients made next).
 */
export function checkNetwork(settings: NetworkSettings, env: NodeJS.ProcessEnv = process.env): void {
  connectionProxy(settings.proxy)
  caContext(caSourceOf(settings, env), env)
}
