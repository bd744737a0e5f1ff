// Moving rows: dragged onto a folder row or a breadcrumb, cut and pasted (Ctrl/Cmd+X, Ctrl/Cmd+V;
// also into another bucket or connection), or a folder renamed. Each runs as a journaled move
// in main (objects:move); the list is read again afterwards.
import type { MoveObjectsResult } from '../../../shared/bridge/contract'
import type { FerryErrorValue, Result } from '../../../shared/errors'
import { ferry } from '../bridge'
import { movesInto, type MoveOrder } from './move-plan'
import type { SliceCreator } from './types'

export interface CutRows {
  connectionId: string
  bucket: string
  ids: string[]
}

export type MoveStatus =
  | { kind: 'idle' }
  | { kind: 'moving'; count: number }
  | { kind: 'done'; result: MoveObjectsResult }
  | { kind: 'failed'; error: FerryErrorValue }

export interface MoveSlice {
  /** Rows cut with Ctrl/Cmd+X, waiting for a paste. */
  cut: CutRows | null
  moveStatus: MoveStatus
  cutSelection(): void
  /** Moves the cut rows into the open folder, of this bucket or of another (on any connection). */
  pasteHere(): Promise<void>
  /** Moves within the open bucket, or from the bucket `from` names into the open one. */
  moveRows(
    moves: MoveOrder[],
    from?: { connectionId: string; bucket: string },
  ): Promise<Result<MoveObjectsResult>>
  dismissMoveStatus(): void
}

export const createMoveSlice: SliceCreator<MoveSlice> = (set, get) => ({
  cut: null,
  moveStatus: { kind: 'idle' },

  cutSelection() {
    const { selectedConnectionId: connectionId, bucket, selection } = get()
    if (!connectionId || !bucket || selection.length === 0) return
    set({ cut: { connectionId, bucket, ids: [...selection] } })
  },

  async pasteHere() {
    const { cut, selectedConnectionId, bucket, prefix } = get()
    if (!cut || !selectedConnectionId || !bucket) return
    const here = cut.connectionId === selectedConnectionId && cut.bucket === bucket
    // Into another bucket every row moves, even from the folder of the same name.
    const moves = movesInto(cut.ids, prefix, !here)
    set({ cut: null })
    if (moves.length > 0) await get().moveRows(moves, here ? undefined : cut)
  },

  async moveRows(moves, from) {
    const { selectedConnectionId, bucket: open } = get()
    if (!selectedConnectionId || !open)
      return {
        ok: false,
        error: { code: 'bad-input', message: 'no bucket is open', fix: 'Open a bucket first.' },
      }
    set({ moveStatus: { kind: 'moving', count: moves.length } })
    const result = await ferry.moveObjects({
      connectionId: from?.connectionId ?? selectedConnectionId,
      bucket: from?.bucket ?? open,
      moves,
      ifExists: 'fail',
      ...(from ? { to: { connectionId: selectedConnectionId, bucket: open } } : {}),
    })
    set({
      moveStatus: result.ok
        ? { kind: 'done', result: result.value }
        : { kind: 'failed', error: result.error },
    })
    get().refresh()
    return result
  },

  dismissMoveStatus() {
    set({ moveStatus: { kind: 'idle' } })
  },
})
