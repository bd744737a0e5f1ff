// What a proxy or a TLS handshake failure means, and the fix that works: the causes Node
// reports by code (an unknown authority, an expired certificate, a name it does not hold) and
// the settings Ferry reads (ca-bundle.ts, network-agents.ts).
import { FerryError } from '../../shared/errors'

/** A request that failed at the proxy, before the store saw it. */
export class ProxyFailure extends Error {
  constructor(
    readonly proxy: string,
    readonly reason: string,
    /**
     * The Node code (ECONNREFUSED: retried as a network fault), EPROXYREFUSED (CONNECT refused)
     * or EPROXYAUTH (the proxy wants credentials); the last two are not retried.
     */
    readonly code: string | undefined,
    cause?: unknown,
  ) {
    super(`proxy ${proxy} ${reason}`, cause === undefined ? undefined : { cause })
  }
}

const PROXY_FIX =
  "Check HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or the connection's proxy in the app): the proxy must run and allow CONNECT to the endpoint's host and port."

/** A proxy that does not answer: the setting may name the wrong one, or it is not running. */
const proxyDownFix = (proxy: string): string =>
  `Check that the proxy runs at ${proxy} and that HTTPS_PROXY, HTTP_PROXY or ALL_PROXY (or the ` +
  "connection's proxy in the app) gives its right host and port; to go around it for this store, " +
  "add the store's host to NO_PROXY (in the app, set the connection's proxy to none)."

/** A proxy setting that cannot be used. */
export function badProxySetting(proxy: string, problem: string, fix: string, origin?: string): FerryError {
  const from = origin ? ` (${origin})` : ''
  // A proxy variable may carry a password; an unparsable one cannot be cleaned as a URL.
  const shown = proxy.replace(/(\/\/[^/@:]*:)[^/@]*@/, '$1****@')
  return new FerryError({ code: 'bad-setting', message: `the proxy "${shown}"${from} ${problem}`, fix })
}

/** A proxy that answered 407 (tinyproxy: 401 to CONNECT): it wants a user name and password. */
export function proxyWantsCredentials(
  proxy: string,
  reason: string,
  variable: string,
  cause?: unknown,
): FerryError {
  return new FerryError(
    {
      code: 'network',
      message: `${proxy} asks for a user name and password (${reason})`,
      fix: `Give them in the proxy variable, ${variable}=http://USER:PASSWORD@HOST:PORT (special characters percent-encoded), or check the ones it holds.`,
      retryable: false,
      detail: 'EPROXYAUTH',
    },
    cause === undefined ? undefined : { cause },
  )
}

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
])

export const CA_FIX =
  "Add the certificate authority that signed it to Ferry's trusted roots: AWS_CA_BUNDLE=/path/to/ca.pem, ca_bundle = /path/to/ca.pem in the AWS profile, --ca-bundle on the command line, or the connection's CA certificate file in the app."

function codeOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | undefined)?.code
  return typeof code === 'string' ? code : undefined
}

/**
 * The FerryError for a proxy or TLS failure talking to `what` (the endpoint, a source URL),
 * or undefined for any other error.
 */
export function networkFailure(e: unknown, what: string): FerryError | undefined {
  if (e instanceof ProxyFailure && e.code === 'EPROXYAUTH')
    return proxyWantsCredentials(`proxy ${e.proxy}`, e.reason, 'HTTPS_PROXY', e)
  if (e instanceof ProxyFailure) {
    const refusedConnect = e.code === 'EPROXYREFUSED'
    const unknownHost = e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN'
    return new FerryError(
      {
        code: 'network',
        message: refusedConnect
          ? `proxy ${e.proxy} refused to connect to ${what} (${e.reason})`
          : e.code === 'ECONNREFUSED'
            ? `the proxy at ${e.proxy} refused the connection: nothing answers at that address (${e.reason})`
            : unknownHost
              ? `the proxy at ${e.proxy} cannot be reached: its host name does not resolve (${e.reason})`
              : `proxy ${e.proxy} failed (${e.reason})`,
        fix: e.code === 'ECONNREFUSED' || unknownHost ? proxyDownFix(e.proxy) : PROXY_FIX,
        // A proxy that is down may come back (the retry policy reads the code); one that refuses
        // the destination will refuse it again.
        retryable: !refusedConnect,
        ...(e.code ? { detail: e.code } : {}),
      },
      { cause: e },
    )
  }
  const code = codeOf(e)
  if (!code) return undefined
  const said = e instanceof Error ? e.message : String(e)
  const tls = (message: string, fix: string) =>
    new FerryError({ code: 'network', message, fix, retryable: false, detail: code }, { cause: e })
  if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT')
    return tls(
      `the TLS certificate of ${what} is self-signed, so no trusted authority vouches for it (${said})`,
      `${CA_FIX} For a self-signed certificate, that file is the certificate itself.`,
    )
  if (UNKNOWN_AUTHORITY.has(code))
    return tls(
      `the TLS certificate of ${what} is signed by an unknown certificate authority (${said})`,
      CA_FIX,
    )
  if (code === 'CERT_HAS_EXPIRED')
    return tls(
      `the TLS certificate of ${what} has expired (${said})`,
      `Have the certificate renewed on the server; if it is still valid, set this computer's date and time (it reads ${new Date().toISOString().slice(0, 16)} UTC).`,
    )
  if (code === 'CERT_NOT_YET_VALID')
    return tls(
      `the TLS certificate of ${what} is not valid yet (${said})`,
      `Set this computer's date and time (it reads ${new Date().toISOString().slice(0, 16)} UTC), or have the certificate reissued.`,
    )
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const err = e as { host?: string; cert?: { subjectaltname?: string } }
    const names = err.cert?.subjectaltname?.replace(/(DNS|IP Address):/g, '') ?? 'other names'
    return tls(
      `the TLS certificate of ${what} is for ${names}, not ${err.host ?? 'the host in the URL'} (${said})`,
      'Use a URL with a host name the certificate holds, or have the certificate reissued for the name you use.',
    )
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO')
    return tls(
      `${what} did not answer in TLS (${said})`,
      'Check the URL: use http:// for a server that speaks plain HTTP on that port, or the port where it serves https.',
    )
  if (/^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_)/.test(code))
    return tls(`TLS failed talking to ${what} (${said})`, CA_FIX)
  return undefined
}
