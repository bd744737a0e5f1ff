import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { rowId, visibleRows } from '../../store/sorted-rows'
import { useStore } from '../../store/store'
import { ColumnHeaders } from './ColumnHeaders'
import { FolderRow } from './FolderRow'
import { ObjectRow } from './ObjectRow'

const ROW_HEIGHT = 28
// Ask for the next page while this many rows are still below the viewport, so scrolling
// rarely reaches the end before it arrives.
const LOAD_AHEAD_ROWS = 40

/**
 * Folders, then objects, as one virtualized table: only the visible rows exist in the DOM,
 * so 100,000 keys cost what 40 do. Rows are positioned through the CSSOM (React's style
 * prop), which the page's CSP allows; style attributes in markup are what it forbids.
 */
export function ObjectList() {
  const { folders, objects, status, nextToken, loadingMore, loadMore, filter, sort, selection } = useStore(
    useShallow((s) => ({
      folders: s.folders,
      objects: s.objects,
      status: s.listStatus,
      nextToken: s.nextToken,
      loadingMore: s.loadingMore,
      loadMore: s.loadMore,
      filter: s.filter,
      sort: s.sort,
      selection: s.selection,
    })),
  )
  const rows = useMemo(() => visibleRows(folders, objects, filter, sort), [folders, objects, filter, sort])
  const ids = useMemo(() => rows.map(rowId), [rows])
  const selected = useMemo(() => new Set(selection), [selection])
  const scroller = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read only during render
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  })
  const items = virtualizer.getVirtualItems()
  const lastVisible = items.at(-1)?.index ?? 0

  useEffect(() => {
    if (nextToken && !loadingMore && lastVisible >= rows.length - LOAD_AHEAD_ROWS) void loadMore()
  }, [lastVisible, rows.length, nextToken, loadingMore, loadMore])

  const listed = folders.length + objects.length
  return (
    <div
      className="object-table"
      role="table"
      aria-label="Objects"
      aria-rowcount={rows.length + 1}
      aria-multiselectable="true"
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
            const place = { rowIndex: item.index + 2, top: item.start }
            const id = ids[item.index]!
            return row.kind === 'folder' ? (
              <FolderRow key={id} prefix={row.prefix} place={place} selected={selected.has(id)} ids={ids} />
            ) : (
              <ObjectRow key={id} entry={row} place={place} selected={selected.has(id)} ids={ids} />
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
