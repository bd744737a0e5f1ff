import type { JournalConnection } from '../main/journal/journal'
import type { EngineConnection } from '../shared/engine-protocol'
import { usageError, type CliCommand, type OptionTable } from './command'
import { connectionFrom } from '../main/core/connections/env-connection'
export { connectionFrom }

/** The connection flags every command that talks to S3 accepts (read by connectionFrom). */
export const connectionOptions = {
  endpoint: {
    type: 'string',
    value: 'URL',
    help: 'The S3 endpoint of a store other than AWS, e.g. https://s3.example.com or http://127.0.0.1:9000.',
    byDefault: '$AWS_ENDPOINT_URL_S3, $AWS_ENDPOINT_URL or $S3_ENDPOINT_URL; else AWS',
    group: 'connection',
  },
  region: {
    type: 'string',
    value: 'REGION',
    help: "The bucket's region, used to sign requests.",
    byDefault: '$AWS_REGION or $AWS_DEFAULT_REGION; else us-east-1',
    group: 'connection',
  },
  'path-style': {
    type: 'boolean',
    help: 'Address buckets as ENDPOINT/BUCKET rather than BUCKET.ENDPOINT.',
    byDefault: 'on with a custom endpoint, off for AWS',
    group: 'connection',
  },
  profile: {
    type: 'string',
    value: 'NAME',
    help: 'A profile of ~/.aws/config and ~/.aws/credentials (SSO, assume-role and credential_process profiles included).',
    byDefault: '$AWS_PROFILE when AWS_ACCESS_KEY_ID is not set; else the SDK default chain',
    group: 'connection',
  },
  'ca-bundle': {
    type: 'string',
    value: 'PATH',
    help: "A PEM file of certificate authorities to trust besides the system's, for a store with a private CA.",
    byDefault: '$AWS_CA_BUNDLE; else ca_bundle of the AWS profile',
    group: 'connection',
  },
  'use-dualstack': {
    type: 'boolean',
    help: "AWS's dual-stack (IPv4 and IPv6) endpoints.",
    byDefault: '$AWS_USE_DUALSTACK_ENDPOINT; else use_dualstack_endpoint of the AWS profile',
    group: 'connection',
  },
  'use-fips': {
    type: 'boolean',
    help: "AWS's FIPS endpoints.",
    byDefault: '$AWS_USE_FIPS_ENDPOINT; else use_fips_endpoint of the AWS profile',
    group: 'connection',
  },
  accelerate: {
    type: 'boolean',
    help: 'S3 Transfer Acceleration (the bucket must have it on; not with --path-style or --endpoint).',
    byDefault: 'off',
    group: 'connection',
  },
} as const satisfies OptionTable

/**
 * A journaled transfer's connection: the journal says where the store is (endpoint, region,
 * addressing); the flags and the environment supply only the credentials, which Ferry never
 * writes down.
 */
export function journaledConnection(journal: JournalConnection, given: EngineConnection): EngineConnection {
  const connection: EngineConnection = {
    endpoint: journal.endpoint,
    region: journal.region,
    pathStyle: journal.pathStyle,
  }
  if (given.credentials) connection.credentials = given.credentials
  else if (given.profile) connection.profile = given.profile
  else if (journal.profile) connection.profile = journal.profile
  // The network is this run's: a proxy or CA file may change between a run and its resume.
  for (const name of ['proxy', 'caFile'] as const) if (given[name]) connection[name] = given[name]
  for (const name of ['dualStack', 'fips', 'accelerate'] as const) if (given[name]) connection[name] = true
  return connection
}

/**
 * The connection of journaled transfer `id` as `ferry resume` and `ferry cancel` take it: the
 * journal's store with the credentials given now. A different --endpoint is refused, not ignored.
 */
export function connectionForJournaled(
  command: Pick<CliCommand, 'name' | 'synopsis'>,
  id: string,
  journal: JournalConnection,
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): EngineConnection {
  const given = connectionFrom(values, env)
  if (typeof values['endpoint'] === 'string' && given.endpoint !== journal.endpoint)
    throw usageError(
      command,
      `transfer ${id} uploads to ${journal.endpoint || 'AWS'}, not ${given.endpoint}; leave out --endpoint`,
    )
  return journaledConnection(journal, given)
}
