import { DRAG_OUT_MAX_OBJECTS } from '../../../shared/drag-out'
import { ferry } from '../bridge'
import type { SliceCreator } from './types'

/**
 * Objects dragged out of the window. The page cancels its own drag at once and asks main,
 * which fetches the objects and starts the OS drag with the files; a drop back onto the
 * window brings those same files, which must not be uploaded again.
 */
export interface DragOutSlice {
  /** The files of the last drag out (none before the first). */
  draggedOut: readonly string[]
  /** The keys of those files: let go over a folder of this window, the drag moves them there. */
  draggedOutKeys: readonly string[]
  /** Drags the row's object out, or every selected object when the row is one of them. */
  dragOut(key: string): Promise<void>
}

export const createDragOutSlice: SliceCreator<DragOutSlice> = (set, get) => ({
  draggedOut: [],
  draggedOutKeys: [],

  async dragOut(key) {
    const { selectedConnectionId: connectionId, bucket, selection } = get()
    if (!connectionId || !bucket) return
    const selected = selection.filter((id) => !id.endsWith('/'))
    const keys = selected.includes(key) ? selected.slice(0, DRAG_OUT_MAX_OBJECTS + 1) : [key]
    if (keys.length > DRAG_OUT_MAX_OBJECTS) {
      get().reportTransfersError({
        code: 'bad-input',
        message: `a drag carries at most ${DRAG_OUT_MAX_OBJECTS} objects`,
        fix: 'Use Download instead: it saves them into a folder you pick.',
      })
      return
    }
    const result = await ferry.dragObjectsOut({ connectionId, bucket, keys })
    if (result.ok) set({ draggedOut: result.value.paths, draggedOutKeys: keys })
    else get().reportTransfersError(result.error)
  },
})
