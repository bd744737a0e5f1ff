// The open folder's objects in name order, kept up to date as the listing grows page by page.
// Collating names is the one costly comparison (Intl.Collator with numeric order: sorting
// 100,000 names takes about a second), so it is done once per object, a page at a time, and a
// change of sort column, direction or filter derives its rows from this order (sorted-rows.ts).
import type { ObjectEntry } from './browser-slice'

/** `now` is the array seen before, grown (in place or copied) by rows appended after the first n. */
export const sameRun = (
  seen: readonly unknown[],
  now: readonly unknown[],
  n: number,
  first: unknown,
  end: unknown,
): boolean =>
  now === seen ? now.length >= n : now.length >= n && (n === 0 || (now[0] === first && now[n - 1] === end))

/** Two sorted runs as one; on ties the first run's rows come first, as a stable sort of both would put them. */
export function merge<T>(head: readonly T[], tail: readonly T[], compare: (a: T, b: T) => number): T[] {
  const out: T[] = new Array(head.length + tail.length)
  // Pages mostly land at or near the end (S3 lists in key order): find where the page starts
  // by binary search and copy the rows before it, so a merge costs about the page, not the list.
  let lo = 0
  let hi = head.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compare(head[mid]!, tail[0]!) <= 0) lo = mid + 1
    else hi = mid
  }
  for (let n = 0; n < lo; n++) out[n] = head[n]!
  let i = lo
  let j = 0
  let k = lo
  while (i < head.length && j < tail.length)
    out[k++] = compare(head[i]!, tail[j]!) <= 0 ? head[i++]! : tail[j++]!
  while (i < head.length) out[k++] = head[i++]!
  while (j < tail.length) out[k++] = tail[j++]!
  return out
}

export interface NamedObjects {
  /** Every object, by name (ascending, a total order). May grow in place on the next call. */
  byName: readonly ObjectEntry[]
  /** The objects new since the call before, by name: all of them when the listing was replaced. */
  page: readonly ObjectEntry[]
  /** Whether the listing was replaced (another folder, a refresh) rather than grown. */
  replaced: boolean
}

export function nameOrder(
  compare: (a: ObjectEntry, b: ObjectEntry) => number,
): (objects: readonly ObjectEntry[]) => NamedObjects {
  let seen: readonly ObjectEntry[] | undefined
  let count = 0
  let first: ObjectEntry | undefined
  let last: ObjectEntry | undefined
  let byName: ObjectEntry[] = []
  return (objects) => {
    const grew = seen !== undefined && sameRun(seen, objects, count, first, last)
    const page = objects.slice(grew ? count : 0)
    page.sort(compare)
    if (!grew) byName = page.slice()
    else if (page.length === 0) {
      // Nothing new.
    } else if (byName.length === 0 || compare(byName[byName.length - 1]!, page[0]!) <= 0) {
      for (const row of page) byName.push(row)
    } else byName = merge(byName, page, compare)
    seen = objects
    count = objects.length
    first = objects[0]
    last = objects.at(-1)
    return { byName, page, replaced: !grew }
  }
}
