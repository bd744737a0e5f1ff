// One store of typed slices. It is fed from the bridge here, at module scope, so that events
// arriving before (or between) renders are never lost; components only read it.
import { create } from 'zustand'
import { ferry } from '../bridge'
import { createBrowserSlice } from './browser-slice'
import { createConnectionsSlice } from './connections-slice'
import { createTransfersSlice } from './transfers-slice'
import type { AppState } from './types'

export const useStore = create<AppState>()((...a) => ({
  ...createConnectionsSlice(...a),
  ...createBrowserSlice(...a),
  ...createTransfersSlice(...a),
}))

ferry.onConnectionsChanged((all) => useStore.getState().connectionsChanged(all))
ferry.onTransfersChanged((batch) => useStore.getState().transfersChanged(batch))
void useStore.getState().loadConnections()
void useStore.getState().loadTransfers()
