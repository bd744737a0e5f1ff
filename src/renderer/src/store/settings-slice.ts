import type { FerryErrorValue, Result } from '../../../shared/errors'
import type { Settings, SettingsChange } from '../../../shared/settings'
import { ferry } from '../bridge'
import type { SliceCreator } from './types'

export interface SettingsSlice {
  /** null until main answered: forms that need a default wait for it. */
  settings: Settings | null
  settingsError: FerryErrorValue | null
  settingsOpen: boolean

  loadSettings(): Promise<void>
  saveSettings(change: SettingsChange): Promise<Result<Settings>>
  openSettings(open: boolean): void
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set) => ({
  settings: null,
  settingsError: null,
  settingsOpen: false,

  async loadSettings() {
    const result = await ferry.getSettings()
    set(result.ok ? { settings: result.value, settingsError: null } : { settingsError: result.error })
  },

  async saveSettings(change) {
    const result = await ferry.saveSettings(change)
    if (result.ok) set({ settings: result.value, settingsError: null })
    return result
  },

  openSettings(open) {
    set({ settingsOpen: open })
  },
})
