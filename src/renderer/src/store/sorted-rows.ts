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

export function visibleRows(
  folders: readonly string[],
  objects: readonly ObjectEntry[],
  filter: string,
  sort: SortOrder,
): BrowserRow[] {
  const needle = filter.trim().toLowerCase()
  const matches = (row: BrowserRow) => needle === '' || rowName(row).toLowerCase().includes(needle)
  const folderRows: BrowserRow[] = folders
    .map((prefix) => ({ kind: 'folder' as const, prefix }))
    .filter(matches)
  const objectRows: BrowserRow[] = objects.filter(matches)
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
  folderRows.sort((a, b) => sign * byName(a, b))
  objectRows.sort((a, b) => sign * compare(a, b))
  return [...folderRows, ...objectRows]
}
