import type { ParseArgsConfig } from 'node:util'
export { connectionFrom } from '../main/core/connections/env-connection'

/** The connection flags every command that talks to S3 accepts. */
export const connectionOptions = {
  endpoint: { type: 'string' },
  region: { type: 'string' },
  'path-style': { type: 'boolean' },
  profile: { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>
