// The open folder's rows as shown: folders first, then objects, filtered and sorted. Pure,
// so the list and the selection's Shift-click ranges agree on one order.
import type { ObjectEntry } from './browser-slice'
import { merge, nameOrder, sameRun } from './name-order'
import type { SortOrder } from './view-slice'

export type BrowserRow = { kind: 'folder'; prefix: string } | ObjectEntry

export const rowId = (row: BrowserRow): string => (row.kind === 'folder' ? row.prefix : row.key)

export function rowName(row: BrowserRow): string {
  const path = row.kind === 'folder' ? row.prefix.slice(0, -1) : row.key
  return path.slice(path.lastIndexOf('/') + 1) || path
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

// Code-unit order for dates and storage classes: ISO timestamps sort correctly that way, and
// it costs a fraction of a collation.
const byCodeUnits = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0)

type Compare = (a: BrowserRow, b: BrowserRow) => number

/** Names as people read them (numbers by value, case aside), names that tie by their ids: a total order. */
export const compareNames: Compare = (a, b) =>
  collator.compare(rowName(a), rowName(b)) || byCodeUnits(rowId(a), rowId(b))

/** What a column sorts objects by; names break ties. */
const columnKey = (column: Exclude<SortOrder['column'], 'name'>): ((o: ObjectEntry) => string | number) =>
  ({
    size: (o: ObjectEntry) => o.size,
    lastModified: (o: ObjectEntry) => o.lastModified,
    storageClass: (o: ObjectEntry) => o.storageClass,
  })[column]

/** The order rows are shown in. Folders have no size, date or class: they stay on top, by name. */
export function compareRows(sort: SortOrder): { folders: Compare; objects: Compare } {
  const sign = sort.direction === 'ascending' ? 1 : -1
  const { column } = sort
  const key = column === 'name' ? undefined : columnKey(column)
  const objects: Compare = (a, b) =>
    sign *
    ((key && a.kind === 'object' && b.kind === 'object' ? byCodeUnits(key(a), key(b)) : 0) ||
      compareNames(a, b))
  return { folders: (a, b) => sign * compareNames(a, b), objects }
}

export const nameMatcher = (filter: string) => {
  const needle = filter.trim().toLowerCase()
  return (row: BrowserRow) => needle === '' || rowName(row).toLowerCase().includes(needle)
}

/**
 * The objects in `sort`'s order, from the objects already in name order: by name that order
 * itself or its reverse, by another column a sort of numbers and short strings with the name
 * order's positions breaking ties. No name is collated again.
 */
function objectsFromNameOrder(byName: ObjectEntry[], sort: SortOrder): ObjectEntry[] {
  // The caller's own array (a filter's result): reversed in place, never copied again.
  if (sort.column === 'name') return sort.direction === 'ascending' ? byName : byName.reverse()
  const sign = sort.direction === 'ascending' ? 1 : -1
  const keys = byName.map(columnKey(sort.column))
  const order = Array.from(byName.keys())
  order.sort((i, j) => sign * (byCodeUnits(keys[i]!, keys[j]!) || i - j))
  return order.map((i) => byName[i]!)
}

/** The rows as shown and their ids (keys and prefixes) in the same order. */
export interface ShownRows {
  rows: BrowserRow[]
  ids: string[]
}

/**
 * The rows of a listing that grows page by page, with their ids beside them, as compareRows
 * and nameMatcher define them (sorted-rows.test checks it).
 *
 * Every object's name is collated once, as its page arrives (name-order.ts). While the view
 * stays the same (filter, column, direction), a page is added to the rows shown: appended to
 * the same arrays when it sorts after the last row (S3 lists in key order, so usually), else
 * merged in (linear). Copying or sorting 100,000 rows for every page of 1,000 blocked the
 * window each time, and its garbage is what the major collections were spent on. A change of
 * view derives the rows from the name order without collating anything. The arrays returned
 * may grow in place on the next call: a caller that must see a change keys it on the
 * listing's version.
 */
export function incrementalRows(): (
  folders: readonly string[],
  objects: readonly ObjectEntry[],
  filter: string,
  sort: SortOrder,
) => ShownRows {
  const names = nameOrder(compareNames)
  let last:
    | {
        folders: readonly string[]
        foldersSeen: number
        firstFolder: string | undefined
        lastFolder: string | undefined
        filter: string
        column: string
        direction: string
        shown: ShownRows
        /** Rows before this index are the folders. */
        folderRows: number
      }
    | undefined
  return (folders, objects, filter, sort) => {
    const named = names(objects)
    const matches = nameMatcher(filter)
    const compare = compareRows(sort)
    const grew =
      last !== undefined &&
      !named.replaced &&
      last.filter === filter &&
      last.column === sort.column &&
      last.direction === sort.direction &&
      sameRun(last.folders, folders, last.foldersSeen, last.firstFolder, last.lastFolder)
    let shown: ShownRows
    let folderRows: number
    if (grew) {
      const before = last!
      const folderPage: BrowserRow[] = folders
        .slice(before.foldersSeen)
        .map((prefix) => ({ kind: 'folder' as const, prefix }))
        .filter(matches)
      const page = objectsFromNameOrder(named.page.filter(matches), sort)
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
      const folderRun: BrowserRow[] = folders
        .map((prefix) => ({ kind: 'folder' as const, prefix }))
        .filter(matches)
        .sort(compare.folders)
      const objectRun = objectsFromNameOrder(named.byName.filter(matches), sort)
      const rows = folderRun.length === 0 ? objectRun : folderRun.concat(objectRun)
      shown = { rows, ids: rows.map(rowId) }
      folderRows = folderRun.length
    }
    last = {
      folders,
      foldersSeen: folders.length,
      firstFolder: folders[0],
      lastFolder: folders.at(-1),
      filter,
      column: sort.column,
      direction: sort.direction,
      shown,
      folderRows,
    }
    return shown
  }
}
