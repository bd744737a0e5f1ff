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
  return folderRows.length === 0 ? objectRows : folderRows.concat(objectRows)
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

/** The rows as shown and their ids (keys and prefixes) in the same order. */
export interface ShownRows {
  rows: BrowserRow[]
  ids: string[]
}

/**
 * visibleRows for a listing that grows page by page, with the rows' ids beside them. Sorting
 * 100,000 names again for every page of 1,000 blocked the window for a long moment each time,
 * and so did copying every row into a new array: the garbage of a hundred 100,000-slot arrays
 * is what the major collections were spent on. When the objects only gained a page (same
 * filter and order), the new page is sorted alone; when it sorts after the last row (S3 lists
 * in key order, so usually), it is appended to the same arrays, else merged in (linear).
 * The rows equal visibleRows' (sorted-rows.test checks it). The arrays returned may grow in
 * place on the next call: a caller that must see a change keys it on the listing's version.
 */
export function incrementalRows(): (
  folders: readonly string[],
  objects: readonly ObjectEntry[],
  filter: string,
  sort: SortOrder,
) => ShownRows {
  let last:
    | {
        folders: readonly string[]
        foldersSeen: number
        firstFolder: string | undefined
        lastFolder: string | undefined
        objects: readonly ObjectEntry[]
        objectsSeen: number
        firstObject: ObjectEntry | undefined
        lastObject: ObjectEntry | undefined
        filter: string
        column: string
        direction: string
        shown: ShownRows
        /** Rows before this index are the folders. */
        folderRows: number
      }
    | undefined
  const sameRun = (
    seen: readonly unknown[],
    now: readonly unknown[],
    n: number,
    first: unknown,
    end: unknown,
  ) =>
    now === seen ? now.length >= n : now.length >= n && (n === 0 || (now[0] === first && now[n - 1] === end))
  return (folders, objects, filter, sort) => {
    const matches = matcher(filter)
    const compare = comparators(sort)
    const grew =
      last !== undefined &&
      last.filter === filter &&
      last.column === sort.column &&
      last.direction === sort.direction &&
      sameRun(last.objects, objects, last.objectsSeen, last.firstObject, last.lastObject) &&
      sameRun(last.folders, folders, last.foldersSeen, last.firstFolder, last.lastFolder)
    let shown: ShownRows
    let folderRows: number
    if (grew) {
      const before = last!
      const folderPage: BrowserRow[] = folders
        .slice(before.foldersSeen)
        .map((prefix) => ({ kind: 'folder' as const, prefix }))
        .filter(matches)
      const page: BrowserRow[] = objects.slice(before.objectsSeen).filter(matches)
      page.sort(compare.objects)
      shown = before.shown
      folderRows = before.folderRows
      if (folderPage.length > 0) {
        folderPage.sort(compare.folders)
        const folderRun = merge(shown.rows.slice(0, folderRows), folderPage, compare.folders)
        const rows = folderRun.concat(shown.rows.slice(folderRows))
        shown = { rows, ids: rows.map(rowId) }
        folderRows = folderRun.length
      }
      const end = shown.rows.length > folderRows ? shown.rows[shown.rows.length - 1] : undefined
      if (page.length === 0) {
        // Nothing to add to the objects.
      } else if (end === undefined || compare.objects(end, page[0]!) <= 0) {
        for (const row of page) {
          shown.rows.push(row)
          shown.ids.push(rowId(row))
        }
      } else {
        const objectRun = merge(shown.rows.slice(folderRows), page, compare.objects)
        const rows = folderRows === 0 ? objectRun : shown.rows.slice(0, folderRows).concat(objectRun)
        shown = { rows, ids: rows.map(rowId) }
      }
    } else {
      const rows = visibleRows(folders, objects, filter, sort)
      shown = { rows, ids: rows.map(rowId) }
      folderRows = 0
      while (folderRows < rows.length && rows[folderRows]!.kind === 'folder') folderRows++
    }
    last = {
      folders,
      foldersSeen: folders.length,
      firstFolder: folders[0],
      lastFolder: folders.at(-1),
      objects,
      objectsSeen: objects.length,
      firstObject: objects[0],
      lastObject: objects.at(-1),
      filter,
      column: sort.column,
      direction: sort.direction,
      shown,
      folderRows,
    }
    return shown
  }
}
