import { memo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { baseName } from '../../format'
import { openRowMenu } from '../../context-menu/open-menu'
import { useStore } from '../../store/store'
import { FolderIcon } from '../common/icons'
import { startRowDrag, useRowDrop } from './row-drag'
import { selectModeOf } from './select-mode'

interface Props {
  prefix: string
  rowIndex: number
  /** Offset in the virtualized list, in pixels. */
  top: number
  domId: string
  selected: boolean
  /** Row ids in display order, for Shift-click ranges. */
  ids: readonly string[]
}

/** A click opens the folder; Ctrl/Cmd- or Shift-click selects it instead (to delete it, say). */
export const FolderRow = memo(function FolderRow({ prefix, rowIndex, top, domId, selected, ids }: Props) {
  const { openPrefix, select } = useStore(useShallow((s) => ({ openPrefix: s.openPrefix, select: s.select })))
  const name = baseName(prefix)
  const drop = useRowDrop(prefix)
  const classes = [
    'object-row',
    'object-row--folder',
    selected ? 'is-selected' : '',
    drop.over ? 'is-move-target' : '',
  ]
  return (
    <div
      role="row"
      id={domId}
      aria-label={name}
      aria-rowindex={rowIndex}
      aria-selected={selected}
      data-drop-prefix={prefix}
      className={classes.filter(Boolean).join(' ')}
      style={{ transform: `translateY(${top}px)` }}
      draggable
      onDragStart={(e) => startRowDrag(e, prefix)}
      {...drop.handlers}
      onClick={(e) => {
        const mode = selectModeOf(e)
        if (mode === 'single') openPrefix(prefix)
        else select(prefix, mode, ids)
      }}
      onContextMenu={(e) => openRowMenu(e, prefix, ids)}
    >
      <span role="cell" className="object-row__name">
        <FolderIcon className="object-row__folder-icon" />
        <button
          type="button"
          className="object-row__open"
          onClick={(e) => {
            e.stopPropagation()
            const mode = selectModeOf(e)
            if (mode === 'single') openPrefix(prefix)
            else select(prefix, mode, ids)
          }}
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
})
