// Rows dragged inside the window onto a folder row or a breadcrumb move there. The drag
// carries the row ids under a type of Ferry's own, so the upload drop (files from the OS,
// DropTarget.tsx) never mistakes it for files, and other apps ignore it.
import { useState, type DragEvent } from 'react'
import { movesInto } from '../../store/move-plan'
import { useStore } from '../../store/store'

export const ROWS_TYPE = 'application/x-ferry-rows'

const carriesRows = (event: DragEvent) => event.dataTransfer.types.includes(ROWS_TYPE)

/** Starts dragging a row: the whole selection when the row is in it, else the row alone. */
export function startRowDrag(event: DragEvent, id: string): void {
  const { selection } = useStore.getState()
  const ids = selection.includes(id) ? selection : [id]
  event.dataTransfer.setData(ROWS_TYPE, JSON.stringify(ids))
  event.dataTransfer.effectAllowed = 'move'
}

/** Drop handlers for a folder ("" for the bucket's root); `over` while rows hover it. */
export function useRowDrop(folder: string) {
  const [over, setOver] = useState(false)
  return {
    over,
    handlers: {
      onDragOver(event: DragEvent) {
        if (!carriesRows(event)) return
        event.preventDefault()
        event.dataTransfer.dropEffect = 'move'
        setOver(true)
      },
      onDragLeave() {
        setOver(false)
      },
      onDrop(event: DragEvent) {
        if (!carriesRows(event)) return
        event.preventDefault()
        event.stopPropagation()
        setOver(false)
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
