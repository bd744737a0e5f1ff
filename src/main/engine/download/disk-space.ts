// A full disk is a condition the user can fix, not a crash: it is checked before the first
// byte and recognised on every write. A disk that fills mid-file gets its space back at once:
// the partial file is removed (a half-written file helps no one on a full disk), and the next
// run fetches that file again while the set's journal keeps every finished file.
import { statfs } from 'node:fs/promises'
import { FerryError } from '../../../shared/errors'
import { formatBytes } from '../../../shared/sizes'

export const isDiskFull = (e: unknown): boolean => {
  const code = (e as { code?: string } | null)?.code
  return code === 'ENOSPC' || code === 'EDQUOT'
}

export function diskFullError(dir: string, needed: number, cause?: unknown): FerryError {
  return new FerryError(
    {
      code: 'disk-full',
      message: `the disk holding ${dir} is full (${formatBytes(needed)} more needed)`,
      fix: `Free at least ${formatBytes(needed)} there (or download elsewhere), then run the same command again: the download resumes where it stopped.`,
    },
    { cause },
  )
}

/** The disk filled while writing: the partial file (and its ranges' journal) was removed. */
export function diskFilledError(dir: string, size: number, partialPath: string, cause?: unknown): FerryError {
  return new FerryError(
    {
      code: 'disk-full',
      message: `the disk holding ${dir} is full (${formatBytes(size)} more needed); the partial file ${partialPath} was removed to give its space back`,
      fix: `Free at least ${formatBytes(size)} there (or download elsewhere), then run the same command again: this file is fetched again, files already written are kept.`,
    },
    { cause },
  )
}

/** Throws disk-full when the file system has less room than `needed` bytes for us. */
export async function ensureFreeSpace(dir: string, needed: number): Promise<void> {
  if (needed <= 0) return
  let available: number
  try {
    const stats = await statfs(dir)
    available = stats.bavail * stats.bsize
  } catch {
    // Not every file system reports its space; the writes themselves will say.
    return
  }
  if (available < needed) throw diskFullError(dir, needed - available)
}
