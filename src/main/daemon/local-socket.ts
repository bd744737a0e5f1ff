// The daemon's end of the local socket. Only the same user may connect: the socket is
// created 0600 (under a umask, so it never exists with wider rights) inside a 0700 folder.
// On Windows it is a named pipe; Node cannot set a pipe's ACL, so there the default one
// applies (the creator, SYSTEM and administrators get full access).
import { chmod, lstat, mkdir, unlink } from 'node:fs/promises'
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { dirname } from 'node:path'
import { FerryError } from '../../shared/errors'
import { checkSocketPath } from './daemon-paths'
import { AlreadyServedError } from './instance-lock'

const isPipe = (path: string): boolean => path.startsWith('\\\\.\\pipe\\') || path.startsWith('\\\\?\\pipe\\')

/** True when something accepts connections at the path: a live daemon, not a leftover file. */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection(path)
    probe.once('connect', () => {
      probe.destroy()
      resolve(true)
    })
    probe.once('error', () => resolve(false))
  })
}

async function clearLeftover(path: string): Promise<void> {
  let s
  try {
    s = await lstat(path)
  } catch {
    return
  }
  if (!s.isSocket()) {
    throw new FerryError({
      code: 'bad-setting',
      message: `${path} exists and is not a socket`,
      fix: 'Choose another --socket path; Ferry does not remove files it did not create.',
    })
  }
  if (await answers(path)) {
    throw new AlreadyServedError({
      code: 'bad-input',
      message: `another daemon already listens on ${path}`,
      fix: 'Use that daemon, stop it first, or give this one another --socket path.',
    })
  }
  // A socket left by a daemon that was killed: nothing listens, so it is safe to replace.
  await unlink(path)
}

export interface LocalServer {
  path: string
  close(): Promise<void>
}

export async function listenLocal(
  path: string,
  onConnection: (socket: Socket) => void,
): Promise<LocalServer> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    onConnection(socket)
  })
  if (isPipe(path)) {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(path, () => resolve())
    })
  } else {
    checkSocketPath(path)
    await mkdir(dirname(path), { recursive: true, mode: 0o700 })
    await clearLeftover(path)
    const previous = process.umask(0o177)
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', (e) =>
          reject(
            new FerryError({
              code: 'internal',
              message: `cannot listen on ${path} (${(e as Error).message})`,
              fix: 'Check the folder is writable, or choose another --socket path.',
            }),
          ),
        )
        server.listen(path, () => resolve())
      })
    } finally {
      process.umask(previous)
    }
    await chmod(path, 0o600)
  }
  return {
    path,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        // The daemon has told its waiting clients already: end (flushing that), then cut.
        for (const socket of sockets) socket.end()
        setTimeout(() => {
          for (const socket of sockets) socket.destroy()
        }, 1_000).unref()
      }),
  }
}
