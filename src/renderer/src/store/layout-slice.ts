import { loadPanelSizes, savePanelSizes, type PanelSizes } from '../layout/panel-sizes'
import type { SliceCreator } from './types'

/** A dialog the browser's toolbar (or its More menu) opens. */
export type BrowserDialog = 'new-folder' | 'incomplete-uploads' | 'find' | 'rename-folder'

/** How the window is laid out: panel sizes (remembered) and the toolbar's open dialog. */
export interface LayoutSlice {
  panels: PanelSizes
  browserDialog: BrowserDialog | null

  setPanels(change: Partial<PanelSizes>): void
  openBrowserDialog(dialog: BrowserDialog | null): void
}

export const createLayoutSlice: SliceCreator<LayoutSlice> = (set, get) => ({
  panels: loadPanelSizes(),
  browserDialog: null,

  setPanels(change) {
    const panels = { ...get().panels, ...change }
    set({ panels })
    savePanelSizes(panels)
  },

  openBrowserDialog(dialog) {
    set({ browserDialog: dialog })
  },
})
