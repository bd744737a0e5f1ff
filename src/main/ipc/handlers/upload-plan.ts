import { expandPaths } from '../../core/transfers/expand-paths'
import type { Handler } from '../handler-types'

/** Enough rows for the sheet to show; the count and total cover every file. */
const LISTED_FILES = 500

export const planUpload: Handler<'uploads:plan'> = async ({ prefix, paths, exclude }) => {
  const files = await expandPaths(paths, { prefix }, { exclude })
  return {
    files: files.slice(0, LISTED_FILES).map(({ source, key, size }) => ({ source, key, size })),
    fileCount: files.length,
    totalBytes: files.reduce((sum, f) => sum + f.size, 0),
  }
}
