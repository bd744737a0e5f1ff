// The open folder's rows as shown: folders first, then objects, filtered and sorted. Pure,
// so the list and the selection's Shift-click ranges agree on one order.
import type { ObjectEntry } from './browser-slice'
import type { SortOrder } from './view-slice'

export type BrowserRow = { kind: 'folder'; prefix: string } | ObjectEntry

export const rowId = (row: BrowserRow): string => (row.kind === 'folder' ? row.prefix : row.key)

export function rowName(row: BrowserRow): string {
  const path = row.kind === 'folder' ? row.prefix.slice(0, -1) : row.key
  return path.slice(path.lastIndexOf('/') + 1) || path
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

type Compare = (a: BrowserRow, b: BrowserRow) => number

function comparators(sort: SortOrder): { folders: Compare; objects: Compare } {
  const sign = sort.direction === 'ascending' ? 1 : -1
  const byName = (a: BrowserRow, b: BrowserRow) => collator.compare(rowName(a), rowName(b))
  const compare = (a: BrowserRow, b: BrowserRow): number => {
    if (a.kind === 'object' && b.kind === 'object') {
      switch (sort.column) {
        case 'size':
          return a.size - b.size || byName(a, b)
        case 'lastModified':
          return a.lastModified.localeCompare(b.lastModified) || byName(a, b)
        case 'storageClass':
          return a.storageClass.localeCompare(b.storageClass) || byName(a, b)
        case 'name':
          return byName(a, b)
      }
    }
    return byName(a, b)
  }
  // Folders have no size, date or class: they stay on top, by name, in the chosen direction.
  return { folders: (a, b) => sign * byName(a, b), objects: (a, b) => sign * compare(a, b) }
}

const matcher = (filter: string) => {
  const needle = filter.trim().toLowerCase()
  return (row: BrowserRow) => needle === '' || rowName(row).toLowerCase().includes(needle)
}

export function visibleRows(
  folders: readonly string[],
  objects: readonly ObjectEntry[],
  filter: string,
  sort: SortOrder,
): BrowserRow[] {
  const matches = matcher(filter)
  const compare = comparators(sort)
  const folderRows: BrowserRow[] = folders
    .map((prefix) => ({ kind: 'folder' as const, prefix }))
    .filter(matches)
  const objectRows: BrowserRow[] = objects.filter(matches)
  folderRows.sort(compare.folders)
  objectRows.sort(compare.objects)
  return [...folderRows, ...objectRows]
}

/** Two sorted runs as one; on ties the first run's rows come first, as a stable sort of both would put them. */
function merge(head: readonly BrowserRow[], tail: readonly BrowserRow[], compare: Compare): BrowserRow[] {
  const out: BrowserRow[] = new Array(head.length + tail.length)
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

/**
 * visibleRows for a listing that grows page by page. Sorting 100,000 names again for every
 * page of 1,000 blocked the window for a long moment each time; when the objects only gained a
 * page (same filter and order), the new page is sorted alone and merged in, which is linear.
 * The result equals visibleRows' (sorted-rows.test checks it).
 */
export function incrementalRows(): typeof visibleRows {
  let last:
    | {
        objects: readonly ObjectEntry[]
        filter: string
        column: string
        direction: string
        sorted: BrowserRow[]
      }
    | undefined
  return (folders, objects, filter, sort) => {
    const matches = matcher(filter)
    const compare = comparators(sort)
    const grew =
      last !== undefined &&
      last.filter === filter &&
      last.column === sort.column &&
      last.direction === sort.direction &&
      objects.length >= last.objects.length &&
      (last.objects.length === 0 ||
        (objects[0] === last.objects[0] && objects[last.objects.length - 1] === last.objects.at(-1)))
    let sorted: BrowserRow[]
    if (grew) {
      const page: BrowserRow[] = objects.slice(last!.objects.length).filter(matches)
      page.sort(compare.objects)
      sorted = page.length === 0 ? last!.sorted : merge(last!.sorted, page, compare.objects)
    } else {
      sorted = objects.filter(matches)
      sorted.sort(compare.objects)
    }
    last = { objects, filter, column: sort.column, direction: sort.direction, sorted }
    const folderRows: BrowserRow[] = folders
      .map((prefix) => ({ kind: 'folder' as const, prefix }))
      .filter(matches)
    folderRows.sort(compare.folders)
    return folderRows.length === 0 ? sorted : [...folderRows, ...sorted]
  }
}
