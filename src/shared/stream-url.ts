// URLs `ferry stream` reads from: checked before anything starts, and shown without passwords.
import { badInput } from './errors'

export const STREAM_SCHEMES = ['http:', 'https:', 'ftp:', 'file:'] as const

/**
 * Query parameters of a presigned URL that work as a password: the signature (which grants
 * access until it expires) and a session token. SigV4 and the older SigV2 names.
 */
const SIGNING_PARAMS = ['x-amz-signature', 'x-amz-security-token', 'signature']

/** Whether the URL carries a secret: a password, or a presigned URL's signature. */
export function urlHasSecret(url: string): boolean {
  try {
    const u = new URL(url)
    return (
      u.password !== '' || [...u.searchParams.keys()].some((k) => SIGNING_PARAMS.includes(k.toLowerCase()))
    )
  } catch {
    return false
  }
}

/**
 * The URL as it may be shown and journaled: the user name stays, the password does not, and
 * neither does a presigned URL's signature or session token.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = ''
    for (const k of [...u.searchParams.keys()])
      if (SIGNING_PARAMS.includes(k.toLowerCase())) u.searchParams.set(k, 'redacted')
    return u.toString()
  } catch {
    return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1@')
  }
}

/** Throws bad-input for what cannot be streamed: not a URL, or a scheme Ferry does not read. */
export function validateStreamUrl(url: string): URL {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw badInput(
      `"${redactUrl(url)}" is not a URL`,
      'Give a full URL, e.g. https://example.com/data.bin (ferry upload takes local paths).',
    )
  }
  if (!(STREAM_SCHEMES as readonly string[]).includes(parsed.protocol)) {
    throw badInput(
      `${redactUrl(url)} uses ${parsed.protocol.replace(/:$/, '')}, which Ferry cannot stream from`,
      'Use an http://, https://, ftp:// or file:// URL (or ferry upload for a local path).',
    )
  }
  if (parsed.protocol !== 'file:' && !parsed.hostname)
    throw badInput(
      `${redactUrl(url)} names no host`,
      'Give the server, e.g. ftp://ftp.example.org/pub/file.gz.',
    )
  return parsed
}

/** The last path segment, for the key when the destination ends in "/". */
export function urlFileName(url: string): string {
  const path = new URL(url).pathname
  const name = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1))
  return name || 'index'
}
