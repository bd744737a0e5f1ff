// A full disk is a condition the user can fix, not a crash: it is checked before the first
// byte and recognised on every write, and the partial file stays resumable.
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
