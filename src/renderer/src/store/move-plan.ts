// Where rows go when they are dragged onto a folder, pasted into one or a folder renamed: the
// moves the bridge's objects:move takes. Pure, so the rules can be read in a test.
import { baseName } from '../format'

export interface MoveOrder {
  source: string
  target: string
}

/**
 * Rows (keys, and folders ending in "/") into a folder ("" for the bucket's root). Rows already
 * in that folder stay out, unless the folder is in another bucket (`elsewhere`); a folder into
 * itself or its own subfolder is left for the main side to refuse with its reason.
 */
export function movesInto(ids: readonly string[], folder: string, elsewhere = false): MoveOrder[] {
  return ids
    .map((id) => ({ source: id, target: `${folder}${baseName(id)}${id.endsWith('/') ? '/' : ''}` }))
    .filter((m) => elsewhere || m.source !== m.target)
}

/** A folder renamed in place: "a/b/" named "c" becomes "a/c/". */
export function folderRename(prefix: string, name: string): MoveOrder {
  const parent = prefix.slice(0, prefix.slice(0, -1).lastIndexOf('/') + 1)
  return { source: prefix, target: `${parent}${name}/` }
}

/** Why a new folder name cannot be used, or undefined. */
export function folderNameProblem(name: string): string | undefined {
  if (name === '') return 'Type a name.'
  if (name.includes('/')) return 'A folder name cannot contain “/”.'
  if (name === '.' || name === '..') return 'Choose a name other than “.” or “..”.'
  return undefined
}
