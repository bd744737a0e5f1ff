import type { StateCreator } from 'zustand'
import type { BrowserSlice } from './browser-slice'
import type { ConnectionsSlice } from './connections-slice'
import type { MoveSlice } from './move-slice'
import type { DragOutSlice } from './drag-out-slice'
import type { MenusSlice } from './menus-slice'
import type { SettingsSlice } from './settings-slice'
import type { SyncSheetSlice } from './sync-sheet-slice'
import type { TransfersSlice } from './transfers-slice'
import type { UploadSheetSlice } from './upload-sheet-slice'
import type { ViewSlice } from './view-slice'
import type { VersionsSlice } from './versions-slice'
import type { PinsSlice } from './pins-slice'

export type AppState = ConnectionsSlice &
  BrowserSlice &
  ViewSlice &
  TransfersSlice &
  UploadSheetSlice &
  SyncSheetSlice &
  SettingsSlice &
  MoveSlice &
  VersionsSlice &
  PinsSlice &
  DragOutSlice &
  MenusSlice

/** A slice sees the whole store, so an action in one slice may start another's. */
export type SliceCreator<T> = StateCreator<AppState, [], [], T>

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'
