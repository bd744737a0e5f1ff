// A web server, a login portal or a console answers an S3 request with 200 and an HTML page.
// The SDK parses that page as XML and finds no fields, so a listing would come back empty and
// a PUT would look stored. S3 never answers an API call with HTML except when an object's own
// Content-Type says so (GetObject, HeadObject, and only when they succeed: S3 errors are XML),
// so any other HTML answer means the endpoint is not S3.
import type { S3Client } from '@aws-sdk/client-s3'
import { FerryError } from '../../shared/errors'
import { proxyWantsCredentials } from './network-errors'

/** Commands whose successful answer carries the object's own Content-Type. */
const OBJECT_BODY_COMMANDS = new Set(['GetObjectCommand', 'HeadObjectCommand'])

interface RawResponse {
  statusCode?: number
  headers?: Record<string, string | undefined>
}

/**
 * An HTML object from a store still comes with the store's own headers (AWS, radosgw and MinIO
 * send x-amz-request-id; Google's XML API x-goog-*); a web page from a web server has none.
 */
function fromAnObjectStore(headers: Record<string, string | undefined>): boolean {
  return Object.keys(headers).some((name) => /^x-(amz|goog)-/i.test(name))
}

export function notS3Error(endpoint: string, detail: string): FerryError {
  return new FerryError({
    code: 'not-s3',
    message: `this is not an S3 endpoint: ${endpoint || 'the endpoint'} answered with ${detail}`,
    fix: "Check the connection's endpoint URL: it must point at the S3 API (e.g. https://s3.example.com), not a web page or console.",
    detail,
  })
}

export function guardAgainstNonS3(client: S3Client, endpoint: string): S3Client {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args)
      const response = result.response as RawResponse
      const status = response.statusCode ?? 0
      const type = response.headers?.['content-type'] ?? ''
      // Plain http through a proxy is forwarded, not tunnelled: its 407 is this very answer.
      if (status === 407)
        throw proxyWantsCredentials('the proxy', `HTTP 407 to a request for ${endpoint}`, 'HTTP_PROXY')
      const success = status >= 200 && status < 300
      const objectBody = success && OBJECT_BODY_COMMANDS.has(context.commandName ?? '')
      if (/^\s*text\/html/i.test(type) && (!objectBody || !fromAnObjectStore(response.headers ?? {}))) {
        throw notS3Error(endpoint, `an HTML page (HTTP ${status}, ${type})`)
      }
      return result
    },
    // Before the XML deserializer reads the body: the raw answer is still there to judge.
    { step: 'deserialize', name: 'ferryNotS3Guard', priority: 'low' },
  )
  return client
}
