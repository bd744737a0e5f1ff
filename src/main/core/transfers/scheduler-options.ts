// How a host sets up the scheduler (the app, the CLI and the daemon differ), and how one
// transfer is scheduled beyond its request.
import type { EngineLauncher, SystemEvents } from '../ports'
import type { ConnectionResolver } from './connection-resolution'
import type { CredentialSource } from './credential-refresh'
import type { EndpointProbe } from './endpoint-probe'
import type { LiveLimit } from './engine-link'
import type { RestartLimit } from './restart-guard'
export type { ScheduleOptions } from './transfer-entry'

export interface TransferManagerDeps {
  launchEngine: EngineLauncher
  /** Saved connections; the CLI has none and passes a connection with each request. */
  connections?: ConnectionResolver
  system?: SystemEvents
  /** Folder of the append-only transfer journals. */
  journalDir: string
  /** Files transferred at once (each with its own part concurrency), within the memory budget. */
  maxActiveFiles?: number
  /** Downloads at once (default 3). */
  maxActiveDownloads?: number
  /** How often change events go out at most (default 100 ms: about ten a second). */
  changeIntervalMs?: number
  /**
   * Carry on without the person (default: on when `system` is given, as in the app): a
   * suspend pauses transfers and a wake resumes them once the endpoint answers; offline
   * pauses them until the endpoint answers (probed at once, and again on online: a store on
   * this machine still answers when the OS says offline); transfers out of network retries
   * wait for the endpoint instead of settling; transfers whose credentials expired wait in
   * needs-credentials for credentialsRefreshed();
   * a crashed engine is restarted (within restartLimit) and its transfers resumed. Off, a
   * run that ends for any reason settles (or, given a RetryLater, runs again after a wait)
   * and waitFor() resolves (the CLI and the daemon).
   */
  recover?: boolean
  /** At most this many engine crashes in a window before transfers fail (default 3 a minute). */
  restartLimit?: RestartLimit
  /** Checks that an endpoint answers again (default: a GET of its root). */
  probe?: EndpointProbe
  /** Resume every unfinished journaled transfer when the manager starts (default off: they stay paused). */
  resumeOnStart?: boolean
  /** Where profile credentials come from (default: the SDK's chain), and how often a sign-in is looked for. */
  credentialSource?: CredentialSource
  credentialPollMs?: number
  /**
   * The app's bandwidth setting, which every transfer follows while it runs, in place of the
   * rate its job carries. Absent (the CLI, the daemon), each job's own rate (--max-rate) holds.
   */
  bandwidthLimit?: LiveLimit
}
