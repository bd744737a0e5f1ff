// The destination's connection for copies to another store or account (ferry cp --to-*):
// read like the source's (connection-options.ts), from --to-* flags and FERRY_TO_* variables,
// falling back to the source's endpoint, region and credentials for whatever is not given.
import { connectionFrom } from '../main/core/connections/env-connection'
import type { EngineConnection } from '../shared/engine-protocol'
import type { OptionTable } from './command'

export const toConnectionOptions = {
  'to-endpoint': {
    type: 'string',
    value: 'URL',
    help: "The destination's S3 endpoint, when it is another store (AWS to Ceph, say); the copy streams through Ferry.",
    byDefault: "the source's endpoint",
    group: 'connection',
  },
  'to-region': {
    type: 'string',
    value: 'REGION',
    help: "The destination bucket's region.",
    byDefault: "the source's region",
    group: 'connection',
  },
  'to-profile': {
    type: 'string',
    value: 'NAME',
    help: "The destination's credentials, as a profile of ~/.aws; without it, $FERRY_TO_ACCESS_KEY_ID and $FERRY_TO_SECRET_ACCESS_KEY (and $FERRY_TO_SESSION_TOKEN), else the source's.",
    byDefault: "the source's credentials",
    group: 'connection',
  },
} as const satisfies OptionTable

/** Undefined when no --to-* flag or FERRY_TO_* variable names another connection. */
export function toConnectionFrom(
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  source: EngineConnection,
): EngineConnection | undefined {
  const given = (name: string) => typeof values[name] === 'string' && values[name] !== ''
  const keys = Boolean(env['FERRY_TO_ACCESS_KEY_ID'] && env['FERRY_TO_SECRET_ACCESS_KEY'])
  if (!given('to-endpoint') && !given('to-region') && !given('to-profile') && !keys) return undefined
  const connection = connectionFrom(
    {
      endpoint: values['to-endpoint'] ?? source.endpoint,
      region: values['to-region'] ?? source.region,
      profile: values['to-profile'],
      'path-style': values['path-style'],
    },
    keys
      ? {
          AWS_ACCESS_KEY_ID: env['FERRY_TO_ACCESS_KEY_ID'],
          AWS_SECRET_ACCESS_KEY: env['FERRY_TO_SECRET_ACCESS_KEY'],
          ...(env['FERRY_TO_SESSION_TOKEN'] ? { AWS_SESSION_TOKEN: env['FERRY_TO_SESSION_TOKEN'] } : {}),
        }
      : {},
  )
  if (!connection.profile && !connection.credentials) {
    if (source.credentials) connection.credentials = source.credentials
    else if (source.profile) connection.profile = source.profile
  }
  return connection
}

/** Whether a server-side copy reaches from one to the other: the same endpoint and the same credentials. */
export function sameStore(a: EngineConnection, b: EngineConnection): boolean {
  return (
    a.endpoint === b.endpoint &&
    a.region === b.region &&
    a.profile === b.profile &&
    a.credentials?.accessKeyId === b.credentials?.accessKeyId
  )
}
