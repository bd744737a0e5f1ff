// What a connection says about its network (its proxy, its CA file) and the checks made before
// any request. Kept apart from the agents so that reading flags does not load proxy-agent or the SDK.
import type { EngineConnection } from '../../shared/engine-protocol'
import { rememberSecret } from '../../shared/secrets-in-use'
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

/** A variable in either case, lower case first (as proxy-from-env reads them): [name, value]. */
function envVariable(env: NodeJS.ProcessEnv, name: string): [string, string] | undefined {
  for (const spelled of [name, name.toUpperCase()]) {
    const value = env[spelled]
    if (value) return [spelled, value]
  }
  return undefined
}

/** True when the environment names a proxy for some scheme. */
export function environmentHasProxy(env: NodeJS.ProcessEnv = process.env): boolean {
  return PROXY_VARIABLES.some((name) => envVariable(env, name))
}

/**
 * A proxy as a URL, or a bad-setting error naming where it came from. Without a scheme it is
 * http://, as curl and aws-cli read it (proxy-from-env would take the request's scheme and
 * speak TLS to a plain proxy, which then looks like a network fault).
 */
function proxyUrl(proxy: string, origin: string | undefined, fix: string): string {
  let url: URL
  try {
    url = new URL(proxy.includes('://') ? proxy : `http://${proxy}`)
  } catch {
    throw badProxySetting(proxy, 'is not a URL', fix, origin)
  }
  if (!/^(https?|socks[45]?[ah]?):$/.test(url.protocol))
    throw badProxySetting(proxy, `uses ${url.protocol}, which Ferry cannot speak`, fix, origin)
  // Redacted wherever an error or a log line might echo it, like the store's secret key.
  if (url.password) {
    rememberSecret(url.password)
    rememberSecret(decodeURIComponent(url.password))
  }
  return url.href
}

/** The connection's proxy as a URL, checked before any request. */
export function connectionProxy(proxy: string | undefined): string | undefined {
  if (!proxy || proxy === 'none') return undefined
  return proxyUrl(proxy, undefined, 'Give the proxy as http://HOST:PORT (or https:// or socks5://).')
}

const environmentFix = (name: string) =>
  `Set ${name} to http://HOST:PORT (or https:// or socks5://), or unset it.`

/**
 * The proxy the environment gives for a request the proxy agent has chosen to proxy (`chosen`,
 * after NO_PROXY), as a checked URL with curl's default scheme.
 */
export function environmentProxy(chosen: string, requestUrl: string, env: NodeJS.ProcessEnv): string {
  if (!chosen) return chosen
  const scheme = new URL(requestUrl).protocol.replace(/:$/, '')
  const found = envVariable(env, `${scheme}_proxy`) ?? envVariable(env, 'all_proxy')
  return found ? proxyUrl(found[1], found[0], environmentFix(found[0])) : chosen
}

/** Refuses, before any request, a proxy variable that is no URL or names an unknown scheme. */
function checkEnvironmentProxies(env: NodeJS.ProcessEnv): void {
  for (const name of PROXY_VARIABLES) {
    const found = envVariable(env, name)
    if (found) proxyUrl(found[1], found[0], environmentFix(found[0]))
  }
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
 * Refuses, before any request, a proxy (the connection's, else the environment's) that is no
 * URL and a CA file that is missing or holds no
 * PEM certificate (the context built is kept for the clients made next).
 */
export function checkNetwork(settings: NetworkSettings, env: NodeJS.ProcessEnv = process.env): void {
  connectionProxy(settings.proxy)
  if (!settings.proxy) checkEnvironmentProxies(env)
  caContext(caSourceOf(settings, env), env)
}
