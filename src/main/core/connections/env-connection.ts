// The connection a command line or a host takes from flags and the environment. In core so
// that the app (serving ferry send) falls back to the same connection ferry daemon does.
import { FerryError } from '../../../shared/errors'
import { checkNetwork, networkOf } from '../../s3/network-settings'
import type { EngineConnection } from '../../../shared/engine-protocol'

/**
 * Flags first, then the environment: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, and
 * s3daemon's S3_ENDPOINT_URL; keys from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/
 * AWS_SESSION_TOKEN, else the profile (--profile or AWS_PROFILE), else the SDK's default
 * chain (~/.aws/config and ~/.aws/credentials, SSO, instance roles).
 */
export function connectionFrom(values: Record<string, unknown>, env: NodeJS.ProcessEnv): EngineConnection {
  // An empty value counts as unset, flag or variable: `AWS_REGION= ferry ...` means "no region".
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)
  const endpoint =
    str(values['endpoint']) ??
    str(env['AWS_ENDPOINT_URL_S3']) ??
    str(env['AWS_ENDPOINT_URL']) ??
    str(env['S3_ENDPOINT_URL']) ??
    ''
  const profile = str(values['profile']) ?? (env['AWS_ACCESS_KEY_ID'] ? undefined : str(env['AWS_PROFILE']))
  const connection: EngineConnection = {
    endpoint: endpoint.replace(/\/+$/, ''),
    region: str(values['region']) ?? str(env['AWS_REGION']) ?? str(env['AWS_DEFAULT_REGION']) ?? 'us-east-1',
    // Custom endpoints (radosgw, MinIO) rarely have wildcard DNS for virtual-hosted buckets.
    pathStyle: values['path-style'] === true || (endpoint !== '' && values['path-style'] !== false),
  }
  const caBundle = str(values['ca-bundle'])
  if (caBundle) connection.caFile = caBundle
  if (values['use-dualstack'] === true) connection.dualStack = true
  if (values['use-fips'] === true) connection.fips = true
  if (values['accelerate'] === true) {
    // The SDK's endpoint rules refuse the mix, with a message that names no flag.
    if (connection.pathStyle)
      throw new FerryError({
        code: 'bad-input',
        message: '--accelerate needs virtual-hosted addressing, and path-style is on',
        fix: 'Drop --path-style and --endpoint (S3 Transfer Acceleration is an AWS endpoint).',
      })
    connection.accelerate = true
  }
  checkNetwork(networkOf({ ...connection, ...(profile ? { profile } : {}) }), env)
  if (profile) connection.profile = profile
  else if (env['AWS_ACCESS_KEY_ID'] && env['AWS_SECRET_ACCESS_KEY']) {
    // The same rule as the connection form: a value read from a file with `$(cat key)` or
    // pasted with its line break keeps working; keys and tokens never hold whitespace.
    const token = env['AWS_SESSION_TOKEN']?.trim()
    connection.credentials = {
      accessKeyId: env['AWS_ACCESS_KEY_ID'].trim(),
      secretAccessKey: env['AWS_SECRET_ACCESS_KEY'].trim(),
      ...(token ? { sessionToken: token } : {}),
    }
  }
  return connection
}
