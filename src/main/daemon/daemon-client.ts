// `ferry send`'s end of the socket: one request, answers until the one that ends it.
import { createConnection } from 'node:net'
import { FerryError } from '../../shared/errors'
import { encodeLine, LineSplitter, type DaemonRequest, type DaemonResponse } from './protocol'

function noDaemon(path: string, code: string | undefined): FerryError {
  if (code === 'EACCES' || code === 'EPERM') {
    return new FerryError({
      code: 'access-denied',
      message: `cannot open the daemon socket ${path} (permission denied: it belongs to another user)`,
      fix: 'Run ferry send as the user the daemon runs as, or start your own daemon (ferry daemon &).',
    })
  }
  return new FerryError({
    code: 'not-found',
    message: `no Ferry daemon is running (nothing listens on ${path})`,
    fix: 'Start one with `ferry daemon &` (same FERRY_STATE_DIR, or the same --socket), or open the Ferry app, which serves ferry send while it runs; then send again.',
  })
}

/**
 * Sends one request and resolves with the answer that ends it: 'queued' when `until` is
 * 'queued', else the final 'done' or 'failed' (or 'pong' for a ping).
 */
export function request(
  path: string,
  message: DaemonRequest,
  until: 'queued' | 'final',
): Promise<DaemonResponse> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path)
    const splitter = new LineSplitter()
    let connected = false
    let settled = false
    let queuedJob: string | undefined
    const settle = (fn: () => void) => {
      if (settled) return
      settled = true
      socket.end()
      fn()
    }
    socket.once('connect', () => {
      connected = true
      socket.write(encodeLine(message))
    })
    socket.on('data', (chunk: Buffer) => {
      let lines: string[]
      try {
        lines = splitter.push(chunk)
      } catch (e) {
        settle(() =>
          reject(
            new FerryError({
              code: 'internal',
              message: `the daemon answered ${(e as Error).message}`,
              fix: 'Restart the daemon.',
            }),
          ),
        )
        return
      }
      for (const line of lines) {
        let response: DaemonResponse
        try {
          response = JSON.parse(line) as DaemonResponse
        } catch {
          continue
        }
        if (response.id !== message.id && response.id !== null) continue
        if (response.event === 'queued') {
          queuedJob = response.job
          if (until === 'queued') settle(() => resolve(response))
        } else settle(() => resolve(response))
      }
    })
    socket.on('error', (e) => {
      const code = (e as NodeJS.ErrnoException).code
      settle(() => reject(connected ? lost(path, queuedJob) : noDaemon(path, code)))
    })
    socket.on('close', () => settle(() => reject(lost(path, queuedJob))))
  })
}

function lost(path: string, job: string | undefined): FerryError {
  return new FerryError({
    code: 'network',
    message: job
      ? `the daemon on ${path} went away before job ${job} finished; the job is queued on disk and runs when the daemon starts again`
      : `the daemon on ${path} closed the connection before answering`,
    fix: 'Check the daemon (restart it with ferry daemon &); a queued job needs no resending.',
  })
}
