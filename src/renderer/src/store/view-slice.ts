import type { SliceCreator } from './types'

export type SortColumn = 'name' | 'size' | 'lastModified' | 'storageClass'
export interface SortOrder {
  column: SortColumn
  direction: 'ascending' | 'descending'
}

/** How a click picks rows: alone, added or removed (Ctrl/Cmd), or the run from the last pick (Shift). */
export type SelectMode = 'single' | 'toggle' | 'range'

/**
 * How the open folder is shown: sort order, filter and the selected rows. Rows are named by
 * their key (objects) or prefix (folders), which are unique within a listing.
 */
export interface ViewSlice {
  sort: SortOrder
  filter: string
  selection: string[]
  /** Where a Shift-click range starts. */
  selectionAnchor: string | null
  /** Rows the Delete key asked to delete, waiting for the person to confirm. */
  deleteRequest: string[] | null

  sortBy(column: SortColumn): void
  setFilter(filter: string): void
  /** `visible` is the rows in display order, for ranges. */
  select(id: string, mode: SelectMode, visible: readonly string[]): void
  setSelection(ids: string[]): void
  askDelete(ids: string[] | null): void
}

export const createViewSlice: SliceCreator<ViewSlice> = (set, get) => ({
  sort: { column: 'name', direction: 'ascending' },
  filter: '',
  selection: [],
  selectionAnchor: null,
  deleteRequest: null,

  sortBy(column) {
    const { sort } = get()
    const direction =
      sort.column === column ? (sort.direction === 'ascending' ? 'descending' : 'ascending') : 'ascending'
    set({ sort: { column, direction } })
  },

  setFilter(filter) {
    set({ filter })
  },

  select(id, mode, visible) {
    const { selection, selectionAnchor } = get()
    if (mode === 'toggle') {
      const next = selection.includes(id) ? selection.filter((s) => s !== id) : [...selection, id]
      set({ selection: next, selectionAnchor: id })
      return
    }
    if (mode === 'range' && selectionAnchor !== null) {
      const from = visible.indexOf(selectionAnchor)
      const to = visible.indexOf(id)
      if (from >= 0 && to >= 0) {
        set({ selection: visible.slice(Math.min(from, to), Math.max(from, to) + 1) })
        return
      }
    }
    set({ selection: [id], selectionAnchor: id })
  },

  setSelection(ids) {
    set({ selection: ids, selectionAnchor: ids.at(-1) ?? null })
  },

  askDelete(ids) {
    set({ deleteRequest: ids && ids.length > 0 ? ids : null })
  },
})
