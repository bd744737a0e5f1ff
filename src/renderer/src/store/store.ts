// One store of typed slices. It is fed from the bridge here, at module scope, so that events
// arriving before (or between) renders are never lost; components only read it.
import { create } from 'zustand'
import { ferry } from '../bridge'
import { createBrowserSlice } from './browser-slice'
import { createConnectionsSlice } from './connections-slice'
import { createMoveSlice } from './move-slice'
import { createDragOutSlice } from './drag-out-slice'
import { createLayoutSlice } from './layout-slice'
import { createMenusSlice } from './menus-slice'
import { createSettingsSlice } from './settings-slice'
import { createSyncSheetSlice } from './sync-sheet-slice'
import { createTransfersSlice } from './transfers-slice'
import type { AppState } from './types'
import { createUploadSheetSlice } from './upload-sheet-slice'
import { createViewSlice } from './view-slice'
import { createVersionsSlice } from './versions-slice'
import { createPinsSlice } from './pins-slice'
import { showsAny } from './objects-changed'

export const useStore = create<AppState>()((...a) => ({
  ...createConnectionsSlice(...a),
  ...createBrowserSlice(...a),
  ...createViewSlice(...a),
  ...createTransfersSlice(...a),
  ...createUploadSheetSlice(...a),
  ...createSyncSheetSlice(...a),
  ...createSettingsSlice(...a),
  ...createMoveSlice(...a),
  ...createVersionsSlice(...a),
  ...createPinsSlice(...a),
  ...createDragOutSlice(...a),
  ...createLayoutSlice(...a),
  ...createMenusSlice(...a),
}))

ferry.onConnectionsChanged((all) => useStore.getState().connectionsChanged(all))
ferry.onTransfersChanged((batch) => useStore.getState().transfersChanged(batch))
ferry.onTransfersRemoved((ids) => useStore.getState().transfersRemoved(ids))
ferry.onObjectsChanged((places) => {
  const { selectedConnectionId: connectionId, bucket, prefix, refresh } = useStore.getState()
  if (connectionId && bucket && showsAny({ connectionId, bucket, prefix }, places)) refresh()
})
// The connection and folder on screen, saved for the next start (debounced: browsing
// quickly through folders writes the settings file once).
const SAVE_LOCATION_DELAY_MS = 300
let saveTimer: ReturnType<typeof setTimeout> | undefined
useStore.subscribe((state, before) => {
  const { selectedConnectionId: connectionId, bucket, prefix } = state
  if (connectionId === before.selectedConnectionId && bucket === before.bucket && prefix === before.prefix)
    return
  if (!connectionId) return
  clearTimeout(saveTimer)
  saveTimer = setTimeout(
    () => void ferry.saveLocation({ connectionId, bucket: bucket ?? '', prefix }),
    SAVE_LOCATION_DELAY_MS,
  )
})

void useStore.getState().loadConnections()
void useStore.getState().loadTransfers()
void useStore.getState().loadSettings()
void useStore.getState().loadPins()
