// Putting a finished download in place: atomically, and never over a file that appeared
// meanwhile unless the person asked to overwrite.
import { link, rename, stat, unlink } from 'node:fs/promises'
import type { DownloadIfExists } from '../../../shared/engine-protocol'
import { FerryError } from '../../../shared/errors'

const HARD_LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS', 'EMLINK'])

export async function statOrUndefined(path: string) {
  try {
    return await stat(path)
  } catch {
    return undefined
  }
}

export function destinationExists(target: string): FerryError {
  return new FerryError({
    code: 'destination-exists',
    message: `${target} already exists`,
    fix: 'Add --force (or --if-exists overwrite) to replace it, --if-exists skip to keep it, or choose another file name.',
  })
}

/** Moves the finished file into place; with 'fail', never over a file that appeared meanwhile. */
export async function place(partial: string, target: string, ifExists: DownloadIfExists): Promise<void> {
  if (ifExists === 'overwrite') return rename(partial, target)
  try {
    // link() fails with EEXIST instead of replacing: an atomic "create only if absent".
    await link(partial, target)
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code === 'EEXIST') throw destinationExists(target)
    if (!code || !HARD_LINK_UNSUPPORTED.has(code)) throw e
    if (await statOrUndefined(target)) throw destinationExists(target)
    return rename(partial, target)
  }
  // unlink, not rm: rm looks at the file first, a call more for every small file of a folder.
  await unlink(partial)
}
