import { stat } from 'node:fs/promises'
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

export async function statSource(path: string): Promise<SourceStat> {
  try {
    const s = await stat(path)
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
