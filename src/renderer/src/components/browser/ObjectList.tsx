import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { ObjectEntry } from '../../store/browser-slice'
import { useStore } from '../../store/store'
import { baseName, formatBytes, formatDate } from '../../format'
import { FileIcon, FolderIcon } from '../common/icons'

type Row = { kind: 'folder'; prefix: string } | ObjectEntry

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
  const { folders, objects, status, nextToken, loadingMore, loadMore, openPrefix } = useStore(
    useShallow((s) => ({
      folders: s.folders,
      objects: s.objects,
      status: s.listStatus,
      nextToken: s.nextToken,
      loadingMore: s.loadingMore,
      loadMore: s.loadMore,
      openPrefix: s.openPrefix,
    })),
  )
  const rows = useMemo<Row[]>(
    () => [...folders.map((prefix) => ({ kind: 'folder' as const, prefix })), ...objects],
    [folders, objects],
  )
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

  return (
    <div className="object-table" role="table" aria-label="Objects" aria-rowcount={rows.length + 1}>
      <div role="rowgroup" className="object-table__head">
        <div role="row" className="object-row object-row--head" aria-rowindex={1}>
          <span role="columnheader">Name</span>
          <span role="columnheader" className="object-row__num">
            Size
          </span>
          <span role="columnheader">Last modified</span>
          <span role="columnheader">Storage class</span>
        </div>
      </div>
      <div ref={scroller} className="object-table__body">
        {status === 'ready' && rows.length === 0 ? (
          <div className="object-table__empty">
            <p className="browser__placeholder-title">This folder is empty</p>
            <p className="muted">Drop files or folders here to upload them.</p>
          </div>
        ) : null}
        <div role="rowgroup" className="object-table__rows" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index]!
            const place = { rowIndex: item.index + 2, top: item.start }
            return row.kind === 'folder' ? (
              <FolderRow key={item.key} prefix={row.prefix} place={place} onOpen={openPrefix} />
            ) : (
              <ObjectRow key={item.key} entry={row} place={place} />
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

interface Place {
  rowIndex: number
  top: number
}

function FolderRow({
  prefix,
  place,
  onOpen,
}: {
  prefix: string
  place: Place
  onOpen: (prefix: string) => void
}) {
  const name = baseName(prefix)
  return (
    <div
      role="row"
      aria-label={name}
      aria-rowindex={place.rowIndex}
      className="object-row object-row--folder"
      style={{ transform: `translateY(${place.top}px)` }}
      onClick={() => onOpen(prefix)}
    >
      <span role="cell" className="object-row__name">
        <FolderIcon className="object-row__folder-icon" />
        <button
          type="button"
          className="object-row__open"
          onClick={(e) => (e.stopPropagation(), onOpen(prefix))}
        >
          {name}
        </button>
      </span>
      <span role="cell" className="object-row__num muted">
        —
      </span>
      <span role="cell" />
      <span role="cell" />
    </div>
  )
}

function ObjectRow({ entry, place }: { entry: ObjectEntry; place: Place }) {
  const name = baseName(entry.key)
  return (
    <div
      role="row"
      aria-label={name}
      aria-rowindex={place.rowIndex}
      className="object-row"
      title={entry.key}
      style={{ transform: `translateY(${place.top}px)` }}
    >
      <span role="cell" className="object-row__name">
        <FileIcon className="object-row__file-icon" />
        <span className="object-row__label">{name}</span>
      </span>
      <span role="cell" className="object-row__num">
        {formatBytes(entry.size)}
      </span>
      <span role="cell">{formatDate(entry.lastModified)}</span>
      <span role="cell" className="muted">
        {storageClassLabel(entry.storageClass)}
      </span>
    </div>
  )
}

const storageClassLabel = (storageClass: string) =>
  storageClass
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ')
