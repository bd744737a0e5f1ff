// `ferry --debug`: every HTTP request the process makes to S3, printed as it goes out (after
// signing, so what is shown is what is sent) and when its answer comes, with secrets redacted:
// the signature of the Authorization header, session tokens, SSE-C keys, presigned query
// signatures, and any secret in use (shared/secrets-in-use). Off unless a sink is set.
import type { S3Client } from '@aws-sdk/client-s3'
import { redactSecrets } from '../../shared/secrets-in-use'

export type TraceSink = (line: string) => void

let sink: TraceSink | undefined

/** Where trace lines go (stderr for the CLI); undefined turns tracing off. */
export function traceRequestsTo(target: TraceSink | undefined): void {
  sink = target
}

export const tracing = (): boolean => sink !== undefined

/** Headers whose whole value is a secret. */
const SECRET_HEADERS = new Set([
  'x-amz-security-token',
  'x-amz-server-side-encryption-customer-key',
  'x-amz-copy-source-server-side-encryption-customer-key',
])
/** Query parameters whose value is a secret (presigned URLs, SigV2 links). */
const SECRET_QUERY = new Set(['x-amz-signature', 'x-amz-security-token', 'signature'])

export function redactHeader(name: string, value: string): string {
  const lower = name.toLowerCase()
  if (SECRET_HEADERS.has(lower)) return '[redacted]'
  // SigV4 ("Signature=hex") and SigV2 ("AWS key:signature").
  if (lower === 'authorization')
    return value
      .replace(/Signature=[^,\s]+/i, 'Signature=[redacted]')
      .replace(/^(AWS \S+?):\S+$/, '$1:[redacted]')
  return value
}

export function redactQuery(query: string): string {
  if (!query) return ''
  return query
    .split('&')
    .map((pair) => {
      const [name = '', ...rest] = pair.split('=')
      return SECRET_QUERY.has(decodeURIComponent(name).toLowerCase()) && rest.length > 0
        ? `${name}=[redacted]`
        : pair
    })
    .join('&')
}

export interface TracedRequest {
  method: string
  protocol: string
  hostname: string
  port?: number | string | undefined
  /** The path, with or without "?query". */
  path: string
  query?: Record<string, string | string[] | null> | undefined
  headers: Record<string, string | string[] | number | undefined>
}

function queryText(query: TracedRequest['query']): string {
  if (!query) return ''
  const pairs: string[] = []
  for (const [name, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value])
      pairs.push(
        v === null ? encodeURIComponent(name) : `${encodeURIComponent(name)}=${encodeURIComponent(v)}`,
      )
  }
  return pairs.join('&')
}

/** The request as printed: method and URL, then one header per line, secrets redacted. */
export function requestText(r: TracedRequest): string {
  const [path = '', inline = ''] = r.path.split('?', 2)
  const query = redactQuery([inline, queryText(r.query)].filter(Boolean).join('&'))
  const port = r.port ? `:${r.port}` : ''
  const scheme = r.protocol.replace(/:$/, '')
  const lines = [`> ${r.method} ${scheme}://${r.hostname}${port}${path}${query ? `?${query}` : ''}`]
  for (const [name, value] of Object.entries(r.headers).sort(([a], [b]) => a.localeCompare(b))) {
    if (value === undefined) continue
    lines.push(`>   ${name}: ${redactHeader(name, String(value))}`)
  }
  return redactSecrets(lines.join('\n'))
}

/** Prints the request; the function it returns prints its answer (a status, or an error). */
export function traceRequest(r: TracedRequest): (answer: number | string) => void {
  if (!sink) return () => {}
  const write = sink
  const started = performance.now()
  write(`ferry debug:\n${requestText(r)}\n`)
  return (answer) => {
    const ms = Math.round(performance.now() - started)
    // The path may hold a secret too (a mistyped bucket name, say): redacted like the request.
    write(redactSecrets(`ferry debug: < ${answer} for ${r.method} ${r.path.split('?')[0]} (${ms} ms)\n`))
  }
}

interface SdkRequest {
  method: string
  protocol: string
  hostname: string
  port?: number
  path: string
  query: Record<string, string | string[] | null>
  headers: Record<string, string>
}

/**
 * Adds the trace to a client when tracing is on. In the deserialize step the request has
 * been signed (finalizeRequest) and nothing changes it before it is sent.
 */
export function traceClient(client: S3Client): void {
  if (!sink) return
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as SdkRequest
      const answered = traceRequest(request)
      try {
        const result = await next(args)
        answered((result.response as { statusCode?: number }).statusCode ?? 'answer')
        return result
      } catch (e) {
        const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
        answered(`${status ?? 'error'} ${(e as Error).name}`)
        throw e
      }
    },
    { step: 'deserialize', name: 'ferryRequestTrace', priority: 'low' },
  )
}
