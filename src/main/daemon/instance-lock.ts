// One daemon per state folder: two would run the same queued jobs twice. The lock is a file
// created exclusively, naming its holder; a holder that is gone (its process ended, or the
// pid now belongs to another process or to an earlier boot) is stale and taken over.
import { randomBytes } from 'node:crypto'
import { link, open, readFile, rename, unlink } from 'node:fs/promises'
import { FerryError } from '../../shared/errors'
import { currentProcessMark, isRunning, type ProcessMark } from '../journal/process-alive'

interface LockHolder {
  process: ProcessMark
  startedAt: string
  socket: string
  /** What holds it when not `ferry daemon` ("the Ferry app"). */
  host?: string
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>
    return typeof v.process?.pid === 'number'
      ? {
          process: v.process,
          startedAt: v.startedAt ?? '',
          socket: v.socket ?? '',
          ...(typeof v.host === 'string' ? { host: v.host } : {}),
        }
      : undefined
  } catch {
    return undefined
  }
}

/** Another live process (ferry daemon, or the app) already serves this state folder. */
export class AlreadyServedError extends FerryError {}

export interface InstanceLock {
  release(): Promise<void>
}

export async function acquireInstanceLock(
  path: string,
  socket: string,
  host?: string,
): Promise<InstanceLock> {
  const mine: LockHolder = {
    process: currentProcessMark(),
    startedAt: new Date().toISOString(),
    socket,
    ...(host ? { host } : {}),
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600)
      try {
        await handle.write(JSON.stringify(mine))
        await handle.sync()
      } finally {
        await handle.close()
      }
      return {
        release: async () => {
          // Only our own lock: never remove one a successor took over.
          const now = parseHolder(await readFile(path, 'utf8').catch(() => ''))
          if (now?.process.pid === process.pid) await unlink(path).catch(() => {})
        },
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
    const text = await readFile(path, 'utf8').catch(() => '')
    const holder = parseHolder(text)
    // isRunning says no for our own pid: a lock we do not hold yet naming us is from a
    // previous life (a container restarted and the pid came round again).
    if (holder && isRunning(holder.process)) {
      throw new AlreadyServedError({
        code: 'bad-input',
        message: `${holder.host ?? 'a Ferry daemon'} already runs for this state folder (pid ${holder.process.pid}, since ${holder.startedAt}, socket ${holder.socket})`,
        fix: holder.host
          ? `Use it (ferry send reaches it), quit it first, or start this one with a different FERRY_STATE_DIR.`
          : 'Use that one, stop it first, or start another with a different FERRY_STATE_DIR.',
      })
    }
    // Stale (or unreadable: a holder that died mid-write). Move it aside rather than delete
    // it: if another daemon took it over since we read it, what we moved is its fresh lock,
    // which goes back (link fails if the name is taken) before we try again.
    const aside = `${path}.stale-${randomBytes(4).toString('hex')}`
    try {
      await rename(path, aside)
    } catch {
      continue
    }
    const moved = await readFile(aside, 'utf8').catch(() => '')
    if (moved !== text) await link(aside, path).catch(() => {})
    await unlink(aside).catch(() => {})
  }
  throw new FerryError({
    code: 'internal',
    message: `could not take the daemon lock ${path}`,
    fix: 'Check that no other Ferry daemon is starting, then try again.',
  })
}
