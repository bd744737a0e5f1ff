// Main changed objects by itself (a move cut short by a quit, finished at start): the open
// folder's listing is refreshed when it is one of those folders, inside one, or holds one.
import type { ObjectPlace } from '../../../shared/bridge/contract'

export function showsAny(open: ObjectPlace, changed: readonly ObjectPlace[]): boolean {
  return changed.some(
    (p) =>
      p.connectionId === open.connectionId &&
      p.bucket === open.bucket &&
      (open.prefix.startsWith(p.prefix) || p.prefix.startsWith(open.prefix)),
  )
}
