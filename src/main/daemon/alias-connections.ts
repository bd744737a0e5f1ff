// s3daemon's ALIAS picks the connection: a saved connection of that name, else an AWS
// profile of that name (with the daemon's endpoint), else it is ignored and the daemon's own
// connection (S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ... or the AWS chain) is used, as s3daemon
// does. Resolved per job, so connections edited in the app apply to the next job.
import { FerryError } from '../../shared/errors'
import type { EngineConnection } from '../../shared/engine-protocol'
import type { StoredConnection } from '../core/store-schema'

export interface AliasSources {
  /** The connection from the daemon's flags and environment. */
  fallback: EngineConnection
  saved: () => StoredConnection[]
  profiles: () => Set<string>
  /** Unseals a saved connection's secret where a keychain exists (the app hosting the daemon). */
  unseal?: (id: string) => EngineConnection
  env: NodeJS.ProcessEnv
}

export type ConnectionForAlias = (alias: string | undefined) => EngineConnection

function fromSaved(c: StoredConnection, sources: AliasSources): EngineConnection {
  if (sources.unseal) return sources.unseal(c.id)
  const connection: EngineConnection = { endpoint: c.endpoint, region: c.region, pathStyle: c.pathStyle }
  if (c.profile) return { ...connection, profile: c.profile }
  if (!c.accessKeyId) return connection
  // The secret is sealed by the app's keychain, which a headless daemon cannot open; the same
  // key in the environment is the way to hand it over.
  const env = sources.env
  if (env['AWS_ACCESS_KEY_ID'] === c.accessKeyId && env['AWS_SECRET_ACCESS_KEY']) {
    return {
      ...connection,
      credentials: {
        accessKeyId: c.accessKeyId,
        secretAccessKey: env['AWS_SECRET_ACCESS_KEY'],
        ...(env['AWS_SESSION_TOKEN'] ? { sessionToken: env['AWS_SESSION_TOKEN'] } : {}),
      },
    }
  }
  throw new FerryError({
    code: 'invalid-credentials',
    message: `the saved connection "${c.name}" keeps its secret key in the desktop app's keychain, which ferry daemon cannot open`,
    fix: `Start the daemon with AWS_ACCESS_KEY_ID=${c.accessKeyId} and AWS_SECRET_ACCESS_KEY set, or give the connection an AWS profile.`,
  })
}

export function connectionsByAlias(sources: AliasSources): ConnectionForAlias {
  return (alias) => {
    if (alias) {
      const saved = sources.saved().find((c) => c.name === alias)
      if (saved) return fromSaved(saved, sources)
      if (sources.profiles().has(alias)) {
        const { credentials: _ignored, ...rest } = sources.fallback
        return { ...rest, profile: alias }
      }
    }
    return sources.fallback
  }
}
