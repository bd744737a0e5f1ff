import { isArchived } from '../../../../shared/archive'
import { memo } from 'react'
import { baseName, formatBytes, formatDate } from '../../format'
import type { ObjectEntry } from '../../store/browser-slice'
import { openRowMenu } from '../../context-menu/open-menu'
import { useStore } from '../../store/store'
import { FileIcon } from '../common/icons'
import { selectModeOf } from './select-mode'

interface Props {
  entry: ObjectEntry
  rowIndex: number
  /** Offset in the virtualized list, in pixels. */
  top: number
  domId: string
  selected: boolean
  /** Row ids in display order, for Shift-click ranges. */
  ids: readonly string[]
}

/** A click selects the object (and shows it in the inspector); the name is a button for the keyboard. */
export const ObjectRow = memo(function ObjectRow({ entry, rowIndex, top, domId, selected, ids }: Props) {
  const select = useStore((s) => s.select)
  const dragOut = useStore((s) => s.dragOut)
  const name = baseName(entry.key)
  return (
    <div
      role="row"
      id={domId}
      aria-label={name}
      aria-rowindex={rowIndex}
      aria-selected={selected}
      className={selected ? 'object-row is-selected' : 'object-row'}
      title={entry.key}
      style={{ transform: `translateY(${top}px)` }}
      onClick={(e) => select(entry.key, selectModeOf(e), ids)}
      onContextMenu={(e) => openRowMenu(e, entry.key, ids)}
      // The page's own drag would carry no file: main fetches the objects and starts the OS drag.
      // Let go over a folder row or a crumb of this window, the same drag moves them there.
      draggable
      onDragStart={(e) => {
        e.preventDefault()
        void dragOut(entry.key)
      }}
    >
      <span role="cell" className="object-row__name">
        <FileIcon className="object-row__file-icon" />
        <button
          type="button"
          className="object-row__open object-row__label"
          onClick={(e) => {
            e.stopPropagation()
            select(entry.key, selectModeOf(e), ids)
          }}
        >
          {name}
        </button>
      </span>
      <span role="cell" className="object-row__num">
        {formatBytes(entry.size)}
      </span>
      <span role="cell">{formatDate(entry.lastModified)}</span>
      <span role="cell" className="muted">
        {storageClassLabel(entry.storageClass)}
        {isArchived(entry.storageClass) ? <span className="object-row__archived"> · archived</span> : null}
      </span>
    </div>
  )
})

export const storageClassLabel = (storageClass: string) =>
  storageClass
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ')
