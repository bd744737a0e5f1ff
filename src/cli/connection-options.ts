import type { JournalConnection } from '../main/journal/journal'
import type { EngineConnection } from '../shared/engine-protocol'
import type { OptionTable } from './command'
export { connectionFrom } from '../main/core/connections/env-connection'

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
  return connection
}
