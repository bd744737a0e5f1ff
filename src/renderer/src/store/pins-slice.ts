// Buckets and folders pinned in the sidebar, on any connection; kept by main in the settings file.
import type { Pin } from '../../../shared/bridge/find-contract'
import type { FerryErrorValue } from '../../../shared/errors'
import { ferry } from '../bridge'
import type { SliceCreator } from './types'

export interface PinsSlice {
  pins: Pin[]
  pinsError: FerryErrorValue | null
  loadPins(): Promise<void>
  pinHere(): Promise<void>
  unpin(pin: Pin): Promise<void>
  openPin(pin: Pin): Promise<void>
}

export const createPinsSlice: SliceCreator<PinsSlice> = (set, get) => ({
  pins: [],
  pinsError: null,

  async loadPins() {
    const result = await ferry.listPins()
    if (result.ok) set({ pins: result.value, pinsError: null })
    else set({ pinsError: result.error })
  },

  async pinHere() {
    const { selectedConnectionId: connectionId, bucket, prefix } = get()
    if (!connectionId || !bucket) return
    const result = await ferry.addPin({ connectionId, bucket, prefix })
    if (result.ok) set({ pins: result.value, pinsError: null })
    else set({ pinsError: result.error })
  },

  async unpin(pin) {
    const result = await ferry.removePin(pin)
    if (result.ok) set({ pins: result.value, pinsError: null })
    else set({ pinsError: result.error })
  },

  async openPin(pin) {
    if (get().selectedConnectionId !== pin.connectionId) await get().selectConnection(pin.connectionId)
    get().openLocation(pin.bucket, pin.prefix)
  },
})
