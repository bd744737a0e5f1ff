// The app as the daemon: while the desktop app runs it serves ferry send's socket itself,
// over its own transfer manager, so jobs sent from scripts run on the app's engine and warm
// connections and show in its transfers panel. One server per state folder: when
// `ferry daemon` already holds it, the app says so and leaves it alone (two would run the
// same queue twice).
import { toErrorValue, type FerryErrorValue } from '../../shared/errors'
import type { EngineConnection } from '../../shared/engine-protocol'
import type { Core } from '../core/create-core'
import { connectionsByAlias } from './alias-connections'
import { awsProfileNames } from '../s3/aws-profiles'
import { AlreadyServedError } from './instance-lock'
import { cached, serveDaemon, type RunningDaemon } from './run-daemon'

export const APP_HOST = 'the Ferry app'

export type AppDaemonStatus =
  | { kind: 'serving'; socket: string; recovered: number }
  /** ferry daemon (or another app window on this state folder) serves it; ferry send goes there. */
  | { kind: 'elsewhere'; message: string }
  | { kind: 'failed'; error: FerryErrorValue }

export interface AppDaemon {
  readonly status: AppDaemonStatus
  close(): Promise<void>
}

export interface AppDaemonOptions {
  /** The connection for an ALIAS that names nothing: the app's environment, as ferry daemon's. */
  fallback: EngineConnection
  env: NodeJS.ProcessEnv
  socket?: string
  log?: (line: string) => void
}

function engineConnectionOf(core: Core, id: string): EngineConnection {
  const { endpoint, region, pathStyle, credentials, profile } = core.connections.resolve(id)
  return {
    endpoint,
    region,
    pathStyle,
    ...(credentials ? { credentials } : {}),
    ...(profile ? { profile } : {}),
  }
}

export async function hostDaemonInApp(core: Core, options: AppDaemonOptions): Promise<AppDaemon> {
  const log = options.log ?? ((line: string) => console.warn(`ferry: ${line}`))
  let running: RunningDaemon
  try {
    running = await serveDaemon({
      stateDir: core.deps.stateDir,
      socket: options.socket,
      transfers: () => core.transfers,
      sharedTransfers: true,
      connectionFor: connectionsByAlias({
        fallback: options.fallback,
        saved: () => core.deps.store.get('connections'),
        profiles: cached(() => awsProfileNames(options.env)),
        // The app holds the keychain: a saved connection's sealed secret opens here.
        unseal: (id) => engineConnectionOf(core, id),
        env: options.env,
      }),
      keepTransfers: true,
      host: APP_HOST,
      log,
    })
  } catch (e) {
    const error = toErrorValue(e)
    if (e instanceof AlreadyServedError) {
      const message = `ferry send goes to the Ferry daemon that already runs (${error.message}); its jobs do not show in this window`
      log(message)
      core.deps.desktop?.notify(
        'ferry send goes to ferry daemon',
        'A Ferry daemon already serves ferry send for this state folder, so its jobs do not show here. Stop it and restart Ferry to see them in this window.',
      )
      return { status: { kind: 'elsewhere', message }, close: async () => {} }
    }
    log(`cannot serve ferry send: ${error.message}. ${error.fix}`)
    return { status: { kind: 'failed', error }, close: async () => {} }
  }
  return {
    status: { kind: 'serving', socket: running.paths.socket, recovered: running.recovered },
    close: () => running.close(),
  }
}
