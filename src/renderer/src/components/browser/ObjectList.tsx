import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { assertNever } from '../../../../shared/errors'
import { rowMenuKey } from '../../context-menu/open-menu'
import { listKeyAction, parentPrefix } from '../../store/list-keys'
import { incrementalRows } from '../../store/sorted-rows'
import { useStore } from '../../store/store'
import { ColumnHeaders } from './ColumnHeaders'
import { FolderRow } from './FolderRow'
import { ObjectRow } from './ObjectRow'

const ROW_HEIGHT = 28
// Ask for the next page while this many rows are still below the viewport, so scrolling
// rarely reaches the end before it arrives.
const LOAD_AHEAD_ROWS = 40

const rowDomId = (index: number) => `object-row-${index}`

/**
 * Folders, then objects, as one virtualized table: only the visible rows exist in the DOM,
 * so 100,000 keys cost what 40 do. Rows are positioned through the CSSOM (React's style
 * prop), which the page's CSP allows; style attributes in markup are what it forbids.
 */
export function ObjectList() {
  const {
    folders,
    objects,
    listVersion,
    status,
    nextToken,
    loadingMore,
    loadMore,
    filter,
    sort,
    selection,
    anchor,
  } = useStore(
    useShallow((s) => ({
      folders: s.folders,
      objects: s.objects,
      listVersion: s.listVersion,
      status: s.listStatus,
      nextToken: s.nextToken,
      loadingMore: s.loadingMore,
      loadMore: s.loadMore,
      filter: s.filter,
      sort: s.sort,
      selection: s.selection,
      anchor: s.selectionAnchor,
    })),
  )
  const [sortRows] = useState(incrementalRows)
  // A page appends to the same arrays (see BrowserSlice.objects), so the version is what changes.
  // The ids keep their identity while pages are appended: rows memoized on them stay as they are.
  const { rows, ids } = useMemo(
    () => sortRows(folders, objects, filter, sort),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- listVersion stands for the arrays' contents
    [sortRows, folders, objects, listVersion, filter, sort],
  )
  const selected = useMemo(() => new Set(selection), [selection])
  const scroller = useRef<HTMLDivElement>(null)
  const grid = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read only during render
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    // A few rows either side cover a wheel step between the scroll and the render that
    // follows it; each row more is one more row to style, lay out and paint in every frame
    // of a fast scroll, when every row in the DOM is new (e2e/measure-*.spec.ts).
    overscan: 4,
    // React batches scroll updates itself; flushSync on every scroll event made each one a
    // synchronous render inside the event, which with a long list added up to long tasks.
    useFlushSync: false,
  })
  const items = virtualizer.getVirtualItems()
  const lastVisible = items.at(-1)?.index ?? 0
  // The row the keyboard moves from: where the last click or arrow left the selection.
  const current = anchor !== null && selection.includes(anchor) ? ids.indexOf(anchor) : -1

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // A focused row button handles its own Enter (a click); keys typed into fields are theirs.
    if (event.key === 'Enter' && event.target !== event.currentTarget) return
    if (rowMenuKey(event, current >= 0 ? document.getElementById(rowDomId(current)) : scroller.current)) {
      event.preventDefault()
      return
    }
    const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1)
    const action = listKeyAction(event, ids, current, pageRows)
    if (!action) return
    event.preventDefault()
    const state = useStore.getState()
    switch (action.kind) {
      case 'move':
        state.select(ids[action.index]!, action.extend ? 'range' : 'single', ids)
        virtualizer.scrollToIndex(action.index, { align: 'auto' })
        // Focus stays on the list: the row button under it may be recycled by the virtualizer.
        grid.current?.focus({ preventScroll: true })
        return
      case 'open':
        state.openPrefix(action.prefix)
        return
      case 'up':
        if (state.prefix !== '') state.openPrefix(parentPrefix(state.prefix))
        return
      case 'delete':
        state.askDelete(state.selection)
        return
      case 'select-all':
        state.setSelection([...ids])
        return
      case 'cut':
        state.cutSelection()
        return
      case 'paste':
        void state.pasteHere()
        return
      default:
        return assertNever(action)
    }
  }

  useEffect(() => {
    if (nextToken && !loadingMore && lastVisible >= rows.length - LOAD_AHEAD_ROWS) void loadMore()
  }, [lastVisible, rows.length, nextToken, loadingMore, loadMore])

  const listed = folders.length + objects.length
  return (
    // A grid: it takes focus as one control, and arrows, Enter, Backspace and Delete act on
    // its rows (the row under the keyboard is its active descendant).
    <div
      ref={grid}
      className="object-table"
      role="grid"
      aria-label="Objects"
      aria-rowcount={rows.length + 1}
      aria-multiselectable="true"
      tabIndex={0}
      aria-activedescendant={current >= 0 ? rowDomId(current) : undefined}
      onKeyDown={onKeyDown}
    >
      <ColumnHeaders />
      <div ref={scroller} className="object-table__body">
        {status === 'ready' && listed === 0 ? (
          <div className="object-table__empty">
            <p className="browser__placeholder-title">This folder is empty</p>
            <p className="muted">Drop files or folders here to upload them.</p>
          </div>
        ) : null}
        {status === 'ready' && listed > 0 && rows.length === 0 ? (
          <div className="object-table__empty">
            <p className="browser__placeholder-title">Nothing matches “{filter}”</p>
            <p className="muted">The filter looks at the names listed so far in this folder.</p>
          </div>
        ) : null}
        <div role="rowgroup" className="object-table__rows" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index]!
            const place = { rowIndex: item.index + 2, top: item.start, domId: rowDomId(item.index) }
            const id = ids[item.index]!
            // Rows are memoized on these props: a scroll frame renders only the rows it brings in.
            return row.kind === 'folder' ? (
              <FolderRow key={id} prefix={row.prefix} {...place} selected={selected.has(id)} ids={ids} />
            ) : (
              <ObjectRow key={id} entry={row} {...place} selected={selected.has(id)} ids={ids} />
            )
          })}
        </div>
        {loadingMore ? (
          <div className="object-table__more muted">
            <span className="spinner" /> Loading more…
          </div>
        ) : null}
      </div>
    </div>
  )
}
