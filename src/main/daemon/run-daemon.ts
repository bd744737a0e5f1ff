// `ferry daemon` assembled: the instance lock, the durable queue (recovering what a previous
// run left), the transfer manager with its engine process and connection pool, the
// scheduler, and the local socket. close() undoes it in the order that loses nothing.
import { readFileSync } from 'node:fs'
import { chmod, mkdir } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import type { EngineConnection } from '../../shared/engine-protocol'
import { childProcessEngine } from '../core/node-adapters/child-engine'
import { STORE_NAME, type StoredConnection } from '../core/store-schema'
import { journalDirOf } from '../core/transfers/state-dir'
import { TransferManager } from '../core/transfers/transfer-manager'
import { connectionsByAlias, type ConnectionForAlias } from './alias-connections'
import { awsProfileNames } from '../s3/aws-profiles'
import { DaemonService } from './daemon-service'
import { daemonPaths, type DaemonPaths } from './daemon-paths'
import { DurableQueue } from './durable-queue'
import { acquireInstanceLock } from './instance-lock'
import { listenLocal } from './local-socket'
import type { TimingRecord } from './queue-records'
import { serveConnection } from './request-handler'

export interface DaemonOptions {
  stateDir: string
  socket?: string | undefined
  /** Keep-alive connections to the store (s3daemon's pool of 25). */
  pool: number
  /** Objects transferring at once. */
  concurrency: number
  /** The connection from flags and environment, used when the ALIAS names none. */
  connection: EngineConnection
  env: NodeJS.ProcessEnv
  enginePath: string
  keepJournals?: boolean
  log: (line: string) => void
  onFinished?: (timing: TimingRecord) => void
}

export interface RunningDaemon {
  paths: DaemonPaths
  recovered: number
  skippedLines: number
  close(): Promise<void>
}

/** Re-reads a source at most this often: saved connections and AWS profiles can change while the daemon runs. */
export function cached<T>(read: () => T, ttlMs = 2_000): () => T {
  let value: T | undefined
  let at = 0
  return () => {
    if (value === undefined || Date.now() - at > ttlMs) {
      value = read()
      at = Date.now()
    }
    return value
  }
}

/**
 * The saved connections, read straight from the settings file the app and conf write
 * (STORE_NAME.json in the state folder). Not through conf: the daemon only reads, and conf
 * (through atomically and when-exit) re-raises SIGTERM, which would cut the daemon's own
 * orderly stop short.
 */
function savedConnections(stateDir: string): StoredConnection[] {
  try {
    const settings = JSON.parse(readFileSync(join(stateDir, `${STORE_NAME}.json`), 'utf8')) as {
      connections?: unknown
    }
    return Array.isArray(settings.connections) ? (settings.connections as StoredConnection[]) : []
  } catch {
    return []
  }
}

function userName(): string {
  try {
    return userInfo().username
  } catch {
    return 'user'
  }
}

export async function startDaemon(options: DaemonOptions): Promise<RunningDaemon> {
  const journalDir = journalDirOf(options.stateDir)
  return serveDaemon({
    stateDir: options.stateDir,
    socket: options.socket,
    // The scheduler runs the jobs, `concurrency` files at once.
    transfers: () =>
      new TransferManager({
        launchEngine: childProcessEngine(options.enginePath, {
          ...options.env,
          FERRY_MAX_SOCKETS: String(options.pool),
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        }),
        journalDir,
        maxActiveFiles: options.concurrency,
      }),
    connectionFor: connectionsByAlias({
      fallback: options.connection,
      saved: cached(() => savedConnections(options.stateDir)),
      profiles: cached(() => awsProfileNames(options.env)),
      env: options.env,
    }),
    ...(options.keepJournals ? { keepJournals: true } : {}),
    log: options.log,
    ...(options.onFinished ? { onFinished: options.onFinished } : {}),
  })
}

export interface ServeOptions {
  stateDir: string
  socket?: string | undefined
  /** The manager the jobs run on: made once the lock is held (the daemon's own), or the app's. */
  transfers: () => TransferManager
  /** The manager belongs to the host (the app): a failed start leaves it running. */
  sharedTransfers?: boolean
  connectionFor: ConnectionForAlias
  keepJournals?: boolean
  /** Keep finished jobs' transfers listed (the app's transfers panel shows them until cleared). */
  keepTransfers?: boolean
  /** Who holds the lock, for the message another daemon gets ("the Ferry app"). */
  host?: string
  log: (line: string) => void
  onFinished?: (timing: TimingRecord) => void
}

/**
 * Takes the instance lock, opens the durable queue (recovering what a previous run left),
 * and serves the socket over a transfer manager: `ferry daemon`'s own, or the app's.
 */
export async function serveDaemon(options: ServeOptions): Promise<RunningDaemon> {
  const paths = daemonPaths(options.stateDir, { socket: options.socket, user: userName() })
  await mkdir(paths.dir, { recursive: true, mode: 0o700 })
  // An existing folder keeps its mode under mkdir: make sure nobody else can get in.
  await chmod(paths.dir, 0o700).catch(() => {})
  const lock = await acquireInstanceLock(paths.lock, paths.socket, options.host)
  let queue: DurableQueue | undefined
  let transfers: TransferManager | undefined
  try {
    const opened = await DurableQueue.open(paths)
    queue = opened.queue
    transfers = options.transfers()
    const service = new DaemonService({
      queue,
      transfers,
      connectionFor: options.connectionFor,
      journalDir: transfers.journalDir,
      ...(options.keepJournals ? { keepJournals: true } : {}),
      ...(options.keepTransfers ? { keepTransfers: true } : {}),
      log: options.log,
      ...(options.onFinished ? { onFinished: options.onFinished } : {}),
    })
    // Listen first: if another daemon holds the socket, nothing has started yet.
    const server = await listenLocal(paths.socket, (socket) => serveConnection(socket, service))
    service.recover(opened.recovered)
    const openQueue = queue
    let closing: Promise<void> | undefined
    return {
      paths,
      recovered: opened.recovered.length,
      skippedLines: opened.skipped,
      close: () =>
        (closing ??= (async () => {
          // Waiting clients hear that their jobs stay queued before the socket goes.
          await service.close()
          await server.close()
          await openQueue.close()
          await lock.release()
        })()),
    }
  } catch (e) {
    if (!options.sharedTransfers) await transfers?.close().catch(() => {})
    await queue?.close().catch(() => {})
    await lock.release()
    throw e
  }
}
