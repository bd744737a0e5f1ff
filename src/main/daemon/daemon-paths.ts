// Where a daemon keeps its files: one folder per state folder, mode 0700, holding the socket
// (0600), the instance lock, the durable queue and the timing log. Only the same user can
// open the socket: the folder alone already stops everyone else on the way in.
import { join } from 'node:path'
import { FerryError } from '../../shared/errors'

export interface DaemonPaths {
  dir: string
  /** A Unix socket path, or a named pipe (\\.\pipe\...) on Windows. */
  socket: string
  lock: string
  queue: string
  timings: string
}

/** sun_path holds 108 bytes on Linux and 104 on macOS, the terminating NUL included. */
const SOCKET_PATH_MAX: Partial<Record<NodeJS.Platform, number>> = { linux: 107, darwin: 103 }
const DEFAULT_SOCKET_PATH_MAX = 103

export const daemonDirOf = (stateDir: string): string => join(stateDir, 'daemon')

export function daemonPaths(
  stateDir: string,
  options: { socket?: string | undefined; platform?: NodeJS.Platform; user?: string } = {},
): DaemonPaths {
  const dir = daemonDirOf(stateDir)
  const platform = options.platform ?? process.platform
  const socket =
    options.socket ||
    (platform === 'win32'
      ? `\\\\.\\pipe\\ferry-${(options.user ?? 'user').replace(/[^A-Za-z0-9._-]/g, '_')}`
      : join(dir, 'ferry.sock'))
  return {
    dir,
    socket,
    lock: join(dir, 'daemon.lock'),
    queue: join(dir, 'queue.jsonl'),
    timings: join(dir, 'timings.jsonl'),
  }
}

/** The socket named by --socket, else FERRY_DAEMON_SOCKET, else the default. */
export const socketOption = (flag: unknown, env: NodeJS.ProcessEnv): string | undefined =>
  (typeof flag === 'string' && flag !== '' ? flag : undefined) ?? (env['FERRY_DAEMON_SOCKET'] || undefined)

/** Refuses a Unix socket path the kernel would truncate (and then bind somewhere else). */
export function checkSocketPath(path: string, platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32') return
  const max = SOCKET_PATH_MAX[platform] ?? DEFAULT_SOCKET_PATH_MAX
  const bytes = Buffer.byteLength(path, 'utf8')
  if (bytes > max) {
    throw new FerryError({
      code: 'bad-setting',
      message: `the socket path ${path} is ${bytes} bytes long; Unix sockets allow ${max}`,
      fix: 'Pass a shorter one with --socket PATH (the same for ferry daemon and ferry send), or set FERRY_DAEMON_SOCKET, or use a shorter FERRY_STATE_DIR.',
    })
  }
}
