// The transfers panel's order: newest first, ties by key. A batch that adds rows merges its few
// new rows into the order already kept, rather than sorting every row again: with ten thousand
// rows on the list, each batch of a folder upload re-sorted them all.
import type { TransferSummary } from '../../../shared/domain/transfer'

type Row = Pick<TransferSummary, 'id' | 'createdAt' | 'key'>

// Code-unit order, not localeCompare: ISO timestamps sort correctly that way, keys need only
// a stable order, and localeCompare made sorting ten thousand rows a long task.
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Negative when a comes before b on the list. */
export const newerFirst = (a: Row, b: Row): number =>
  compare(b.createdAt, a.createdAt) || compare(a.key, b.key) || compare(a.id, b.id)

/**
 * The order with the rows of `added` (ids not in `order`) merged in: the new rows sorted among
 * themselves, then one pass over both lists. `order` must already be in the list's order.
 */
export function mergeAdded(
  order: readonly string[],
  added: readonly string[],
  transfers: Record<string, Row>,
): string[] {
  if (added.length === 0) return order.slice()
  const fresh = added.map((id) => transfers[id]!).sort(newerFirst)
  const merged: string[] = new Array(order.length + fresh.length)
  let i = 0
  let j = 0
  let at = 0
  while (i < order.length && j < fresh.length) {
    merged[at++] = newerFirst(transfers[order[i]!]!, fresh[j]!) <= 0 ? order[i++]! : fresh[j++]!.id
  }
  while (i < order.length) merged[at++] = order[i++]!
  while (j < fresh.length) merged[at++] = fresh[j++]!.id
  return merged
}
