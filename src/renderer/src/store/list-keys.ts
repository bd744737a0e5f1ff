// What a key does in the object list, as a pure function of the rows and the current row, so
// the list component only carries it out (and tests can read the rules). File managers agree
// on these: arrows move, Shift extends, Enter opens a folder, Backspace goes up, Delete asks.

export type ListKeyAction =
  | { kind: 'move'; index: number; extend: boolean }
  | { kind: 'open'; prefix: string }
  | { kind: 'up' }
  | { kind: 'delete' }
  | { kind: 'select-all' }
  | { kind: 'cut' }
  | { kind: 'paste' }

export interface ListKey {
  key: string
  shiftKey: boolean
  ctrlKey: boolean
  metaKey: boolean
}

/**
 * `ids` are the rows in display order (folders end in "/"); `current` is the index of the row
 * the selection moves from (-1 when none); `pageRows` is how many rows fit in the viewport.
 */
export function listKeyAction(
  event: ListKey,
  ids: readonly string[],
  current: number,
  pageRows: number,
): ListKeyAction | null {
  const last = ids.length - 1
  const move = (to: number): ListKeyAction | null =>
    last < 0 ? null : { kind: 'move', index: Math.max(0, Math.min(last, to)), extend: event.shiftKey }
  switch (event.key) {
    case 'ArrowDown':
      return move(current < 0 ? 0 : current + 1)
    case 'ArrowUp':
      return move(current < 0 ? 0 : current - 1)
    case 'PageDown':
      return move(current < 0 ? 0 : current + pageRows)
    case 'PageUp':
      return move(current - pageRows)
    case 'Home':
      return move(0)
    case 'End':
      return move(last)
    case 'Enter': {
      const id = current >= 0 ? ids[current] : undefined
      return id?.endsWith('/') ? { kind: 'open', prefix: id } : null
    }
    case 'Backspace':
      return { kind: 'up' }
    case 'Delete':
      return current >= 0 ? { kind: 'delete' } : null
    case 'a':
    case 'A':
      return event.ctrlKey || event.metaKey ? { kind: 'select-all' } : null
    case 'x':
    case 'X':
      return (event.ctrlKey || event.metaKey) && current >= 0 ? { kind: 'cut' } : null
    case 'v':
    case 'V':
      return event.ctrlKey || event.metaKey ? { kind: 'paste' } : null
    default:
      return null
  }
}

/** The folder above a prefix ("a/b/" -> "a/", "a/" -> ""). */
export function parentPrefix(prefix: string): string {
  const trimmed = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix
  const cut = trimmed.lastIndexOf('/')
  return cut < 0 ? '' : trimmed.slice(0, cut + 1)
}
