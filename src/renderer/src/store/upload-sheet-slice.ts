import { ferry } from '../bridge'
import type { SliceCreator } from './types'

export type UploadPickKind = 'files' | 'folder'

/** Files waiting in the upload sheet for the person to check the keys and set metadata. */
export interface PendingUpload {
  paths: string[]
  /** The folder they go into ("" for the bucket root). */
  prefix: string
}

export interface UploadSheetSlice {
  pendingUpload: PendingUpload | null
  openUploadSheet(paths: string[], prefix?: string): void
  closeUploadSheet(): void
  /** The OS file dialog, then the sheet. */
  pickAndUpload(kind: UploadPickKind): Promise<void>
}

export const createUploadSheetSlice: SliceCreator<UploadSheetSlice> = (set, get) => ({
  pendingUpload: null,

  openUploadSheet(paths, prefix) {
    if (paths.length === 0) return
    set({ pendingUpload: { paths, prefix: prefix ?? get().prefix } })
  },

  closeUploadSheet() {
    set({ pendingUpload: null })
  },

  async pickAndUpload(kind) {
    const result = await ferry.pickUploadSources({ kind })
    if (!result.ok) {
      get().reportTransfersError(result.error)
      return
    }
    get().openUploadSheet(result.value)
  },
})
