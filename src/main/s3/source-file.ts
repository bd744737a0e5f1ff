import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { FerryError } from '../../shared/errors'

export interface SourceStat {
  size: number
  mtimeMs: number
}

/** Maps file-system errors on the source to errors that say what to do. */
export function sourceError(e: unknown, path: string): FerryError {
  const code = (e as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new FerryError(
      {
        code: 'source-missing',
        message: `${path} does not exist`,
        fix: 'Check the path; the file may have been moved or deleted.',
      },
      { cause: e },
    )
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new FerryError(
      {
        code: 'source-unreadable',
        message: `no permission to read ${path}`,
        fix: 'Give your user read permission on the file.',
      },
      { cause: e },
    )
  }
  if (code === 'EISDIR') {
    return new FerryError(
      {
        code: 'source-not-a-file',
        message: `${path} is a folder`,
        fix: 'Pass the folder as a path to upload (its files are uploaded recursively).',
      },
      { cause: e },
    )
  }
  return new FerryError(
    {
      code: 'source-unreadable',
      message: `cannot read ${path} (${(e as Error).message})`,
      fix: 'Check the disk and the file, then resume the transfer.',
    },
    { cause: e },
  )
}

/**
 * A stat is one system call of microseconds on a local disk; the promise API's thread-pool
 * round trip cost more than the call itself, once per file of a folder upload.
 */
export async function statSource(path: string): Promise<SourceStat> {
  try {
    const s = statSync(path)
    if (!s.isFile()) {
      throw new FerryError({
        code: 'source-not-a-file',
        message: `${path} is not a regular file`,
        fix: 'Upload regular files, or a folder of them.',
      })
    }
    return { size: s.size, mtimeMs: s.mtimeMs }
  } catch (e) {
    if (e instanceof FerryError) throw e
    throw sourceError(e, path)
  }
}

export function sourceChanged(path: string, what: string): FerryError {
  return new FerryError({
    code: 'source-changed',
    message: `${path} changed while it was being uploaded (${what})`,
    fix: 'Wait until the file is complete, then resume: Ferry starts over with the new contents.',
  })
}

export const sameSource = (a: SourceStat, b: SourceStat): boolean =>
  a.size === b.size && a.mtimeMs === b.mtimeMs

/**
 * Files up to this size are read with blocking calls: at most a millisecond from the page cache
 * stalls the engine's other transfers, and a small file saves three thread-pool round trips
 * (open, read, close), which cost more than the read itself.
 */
export const BLOCKING_READ_MAX_BYTES = 1024 * 1024

/** The whole file, `size` bytes of it; a file that ended sooner changed since its stat. */
export function readSmallSource(path: string, size: number): Buffer {
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    const bytes = Buffer.allocUnsafeSlow(size)
    for (let filled = 0; filled < size;) {
      const read = readSync(fd, bytes, filled, size - filled, filled)
      if (read === 0) throw sourceChanged(path, `it ended at ${filled} bytes, before ${size}`)
      filled += read
    }
    return bytes
  } catch (e) {
    if (e instanceof FerryError) throw e
    throw sourceError(e, path)
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
