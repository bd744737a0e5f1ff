// Turns what the AWS SDK throws into FerryErrors that name the cause and the fix, and into
// the FailureFacts the retry policy reads.
import { FerryError, isFerryError, type FerryErrorCode } from '../../shared/errors'
import type { FailureFacts } from '../../shared/retry-policy'
import { classifyFailure } from '../../shared/retry-policy'
import { protectionFailure, type ProtectionHint } from './protection-errors'
import { bucketOrObjectError } from './bucket-object-errors'
import { CA_FIX, networkFailure } from './network-errors'

interface SdkLikeError {
  name?: string
  Code?: string
  code?: string
  message?: string
  $metadata?: { httpStatusCode?: number }
  $response?: { statusCode?: number; headers?: Record<string, string> }
}

export function failureFacts(e: unknown): FailureFacts {
  const err = (e ?? {}) as SdkLikeError
  const facts: FailureFacts = {}
  const status = err.$metadata?.httpStatusCode ?? err.$response?.statusCode
  if (status !== undefined) facts.status = status
  const code = err.Code ?? err.code ?? err.name
  // The SDK names errors without a parsable S3 body "Unknown"/"UnknownError": no code at all.
  if (code && code !== 'Error' && code !== 'UnknownError' && code !== 'Unknown') facts.code = code
  return facts
}

export interface S3ErrorContext {
  bucket?: string
  key?: string
  endpoint?: string
  /** Encryption, storage class, SSE-C: what the request asked for changes what some answers mean. */
  protection?: ProtectionHint
  /** The version the request named, if any. */
  versionId?: string
}

const where = (ctx: S3ErrorContext) =>
  ctx.bucket ? `s3://${ctx.bucket}${ctx.key ? `/${ctx.key}` : ''}` : ctx.endpoint || 'the endpoint'

/**
 * The region S3 names for the bucket: the x-amz-bucket-region header of a redirect, or the
 * Region field of an AuthorizationHeaderMalformed body (the SDK copies body fields onto the error).
 */
function regionNamedBy(e: unknown): string | undefined {
  const err = (e ?? {}) as SdkLikeError & { Region?: string }
  const region = err.$response?.headers?.['x-amz-bucket-region'] ?? err.Region
  return region && /^[a-z0-9-]{2,32}$/.test(region) ? region : undefined
}

/** Maps an SDK or network error to a FerryError with a fix; FerryErrors pass through. */
export function toFerryError(e: unknown, ctx: S3ErrorContext = {}): FerryError {
  if (isFerryError(e)) return e
  const network = networkFailure(e, ctx.endpoint || 'the endpoint')
  if (network) return network
  if ((e as { name?: unknown } | undefined)?.name === 'EndpointError')
    return new FerryError(
      {
        code: 'bad-setting',
        message: `the connection's endpoint settings do not fit together (${e instanceof Error ? e.message : String(e)})`,
        fix: 'Check the endpoint, region, path-style, FIPS, dual-stack and acceleration settings.',
      },
      { cause: e },
    )
  const facts = failureFacts(e)
  const status = facts.status ? `HTTP ${facts.status}` : ''
  const detail = facts.code && status ? `${facts.code} (${status})` : facts.code || status
  // Node 20's AggregateError (both addresses of "localhost" refused) has an empty message, and
  // the SDK says only "UnknownError" for a response without an S3 body: name what is known.
  const said = e instanceof Error ? e.message : String(e)
  const raw = (said === 'UnknownError' ? '' : said) || detail || String(e)
  const make = (code: FerryErrorCode, message: string, fix: string, retryable = false) => {
    const value = { code, message, fix, retryable, ...(detail ? { detail } : {}) }
    return new FerryError(value, { cause: e })
  }
  // AWS names the bucket's region in a header of the redirect; say it when it is there.
  const wrongRegion = () => {
    const region = regionNamedBy(e)
    return region
      ? make(
          'wrong-region',
          `bucket "${ctx.bucket ?? '?'}" is in region ${region}, not the connection's`,
          `Set the connection's region to ${region}.`,
        )
      : make(
          'wrong-region',
          `bucket "${ctx.bucket ?? '?'}" is in another region than the connection's`,
          "Set the connection's region to the bucket's region.",
        )
  }
  const special =
    (ctx.protection && protectionFailure(facts, ctx.protection, where(ctx), make)) ||
    bucketOrObjectError(facts, ctx, detail, e)
  if (special) return special
  switch (facts.code) {
    case 'NoSuchBucket':
      return make(
        'bucket-missing',
        `bucket "${ctx.bucket ?? '?'}" does not exist`,
        'Check the bucket name, or create the bucket first.',
      )
    case 'NoSuchKey':
    case 'NotFound':
      if (facts.status === 404 && !ctx.key)
        return make(
          'bucket-missing',
          `bucket "${ctx.bucket ?? '?'}" does not exist`,
          'Check the bucket name, or create the bucket first.',
        )
      return make(
        'object-missing',
        `${where(ctx)} does not exist`,
        'Check the key; list the folder to see what is there.',
      )
    case 'NoSuchUpload':
      return make(
        'upload-missing',
        `the multipart upload for ${where(ctx)} no longer exists on the server`,
        'It was aborted or expired; Ferry starts the upload over.',
      )
    case 'InvalidAccessKeyId':
      return make(
        'invalid-credentials',
        'the access key id is not known to the server',
        'Check the access key id of the connection.',
      )
    case 'SignatureDoesNotMatch':
      return make(
        'invalid-credentials',
        'the server rejected the request signature',
        'Check the secret access key of the connection (and that no proxy rewrites requests).',
      )
    case 'ExpiredToken':
    case 'TokenRefreshRequired':
      return make(
        'credentials-expired',
        'the temporary credentials have expired',
        'Refresh the credentials (sign in again for SSO profiles); the transfer resumes where it stopped.',
        true,
      )
    case 'RequestTimeTooSkewed':
      return make(
        'clock-skew',
        "this computer's clock differs too much from the server's",
        'Ferry corrects for the skew; if this persists, set the system clock automatically.',
        true,
      )
    case 'AccessDenied':
    case 'AllAccessDisabled':
      return make(
        'access-denied',
        `access denied to ${where(ctx)}`,
        'Grant the credentials the needed S3 permissions (s3:PutObject, s3:ListBucket...) or use other credentials.',
      )
    case 'PermanentRedirect':
    case 'AuthorizationHeaderMalformed':
    case 'IllegalLocationConstraintException':
      return wrongRegion()
    case 'PreconditionFailed':
      return make(
        'destination-exists',
        `${where(ctx)} already exists`,
        'Choose --if-exists overwrite to replace it, or skip to keep it.',
      )
    case 'EntityTooSmall':
      return make(
        'bad-setting',
        'the server rejected a part smaller than 5 MiB',
        'Use a part size of at least 5MiB.',
      )
    case 'InvalidDigest':
      // A malformed Content-MD5 header, not damaged bytes: sending it again cannot help.
      return make(
        'integrity',
        `the server refused the checksum sent for ${where(ctx)}`,
        'This is a bug in Ferry; please report it with the command that led here.',
      )
    case 'BadDigest':
    case 'XAmzContentSHA256Mismatch':
      return make(
        'integrity',
        `the server received different bytes than were sent for ${where(ctx)}`,
        'The bytes were damaged in transit; Ferry retries the part.',
        true,
      )
    case 'InvalidBucketName':
      return make(
        'bad-input',
        `"${ctx.bucket ?? ''}" is not a valid bucket name`,
        'Bucket names are 3-63 lowercase letters, digits, dots and hyphens.',
      )
    case 'KeyTooLongError':
      return make('bad-input', 'the key is longer than 1,024 bytes', 'Shorten the key.')
    case 'MetadataTooLarge':
      return make(
        'bad-input',
        'the user metadata is larger than 2 KB',
        'Remove or shorten x-amz-meta-* values.',
      )
    default:
      break
  }
  if (facts.status === 403)
    return make(
      'access-denied',
      `access denied to ${where(ctx)}`,
      'Check the permissions of the credentials.',
    )
  if (facts.status === 404)
    return make('not-found', `${where(ctx)} was not found`, 'Check the bucket and key.')
  if (facts.status === 301) return wrongRegion()
  const reason = classifyFailure(facts)
  if (reason === 'throttled')
    return make(
      'throttled',
      'the server asked to slow down',
      'Ferry backs off and retries; lower the concurrency if it persists.',
      true,
    )
  if (reason === 'server')
    return make(
      'server-error',
      `the server failed (${raw})`,
      'Ferry retries; if it persists, check the server.',
      true,
    )
  if (
    (reason === 'network' || reason === 'idle') &&
    (facts.code !== undefined || facts.status !== undefined)
  ) {
    if (facts.code === 'ENOTFOUND' || facts.code === 'EAI_AGAIN') {
      return make(
        'network',
        `cannot resolve the endpoint's host name (${raw})`,
        'Check the endpoint URL and the network connection.',
        true,
      )
    }
    if (facts.code === 'ECONNREFUSED')
      return make(
        'network',
        `the endpoint refused the connection (${raw})`,
        'Check the endpoint URL and port, and that the server runs.',
        true,
      )
    return make(
      'network',
      `the network failed (${raw})`,
      'Ferry retries when the endpoint answers again.',
      true,
    )
  }
  if (/certificate|self[- ]signed|TLS|SSL/i.test(raw)) {
    return make('network', `TLS error talking to the endpoint (${raw})`, CA_FIX)
  }
  if (/Deserialization error|char '.' is not expected|Unexpected token|not well-formed/i.test(raw)) {
    return make(
      'not-s3',
      `the endpoint did not answer like an S3 server (${raw.slice(0, 160)})`,
      'Check the endpoint URL: it must point at an S3 API, not a web page or console.',
    )
  }
  return make('internal', raw, 'If this persists, report it with the command that led here.')
}
