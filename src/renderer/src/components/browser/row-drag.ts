// Rows dragged inside the window onto a folder row or a breadcrumb move there. A folder row's
// drag carries the row ids under a type of Ferry's own, so the upload drop (files from the OS,
// DropTarget.tsx) never mistakes it for files, and other apps ignore it. An object row's drag
// is an OS drag of its fetched files (drag-out-slice.ts); let go over a folder of this window,
// those same files mean a move of their objects.
import { useState, type DragEvent } from 'react'
import { ferry } from '../../bridge'
import { movesInto } from '../../store/move-plan'
import { useStore } from '../../store/store'

export const ROWS_TYPE = 'application/x-ferry-rows'

const carriesRows = (event: DragEvent) => event.dataTransfer.types.includes(ROWS_TYPE)
const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files')

/** Moves the objects of the last drag out into a folder of this window. */
export function moveDraggedOut(folder: string): void {
  const moves = movesInto(useStore.getState().draggedOutKeys, folder)
  if (moves.length > 0) void useStore.getState().moveRows(moves)
}

/** Whether the files dropped are exactly those of the last drag out (not files from the OS). */
function draggedOutFiles(event: DragEvent): boolean {
  const { draggedOut } = useStore.getState()
  const paths = Array.from(event.dataTransfer.files).map((f) => ferry.pathForFile(f))
  return paths.length > 0 && paths.every((p) => draggedOut.includes(p))
}

/** Starts dragging a row: the whole selection when the row is in it, else the row alone. */
export function startRowDrag(event: DragEvent, id: string): void {
  const { selection } = useStore.getState()
  const ids = selection.includes(id) ? selection : [id]
  event.dataTransfer.setData(ROWS_TYPE, JSON.stringify(ids))
  event.dataTransfer.effectAllowed = 'move'
}

/**
 * Drop handlers for a folder ("" for the bucket's root); `over` while rows hover it. With
 * `files`, the objects of a drag out are taken too (a crumb, outside the upload drop area).
 */
export function useRowDrop(folder: string, options: { files?: boolean } = {}) {
  const takes = (event: DragEvent) => carriesRows(event) || (options.files === true && carriesFiles(event))
  const [over, setOver] = useState(false)
  return {
    over,
    handlers: {
      onDragOver(event: DragEvent) {
        if (!takes(event)) return
        event.preventDefault()
        event.dataTransfer.dropEffect = 'move'
        setOver(true)
      },
      onDragLeave() {
        setOver(false)
      },
      onDrop(event: DragEvent) {
        if (!takes(event)) return
        event.preventDefault()
        event.stopPropagation()
        setOver(false)
        if (!carriesRows(event)) {
          if (draggedOutFiles(event)) moveDraggedOut(folder)
          return
        }
        let ids: string[]
        try {
          ids = JSON.parse(event.dataTransfer.getData(ROWS_TYPE)) as string[]
        } catch {
          return
        }
        const moves = movesInto(ids, folder)
        if (moves.length > 0) void useStore.getState().moveRows(moves)
      },
    },
  }
}
