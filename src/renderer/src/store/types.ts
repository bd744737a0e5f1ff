import type { StateCreator } from 'zustand'
import type { BrowserSlice } from './browser-slice'
import type { ConnectionsSlice } from './connections-slice'
import type { TransfersSlice } from './transfers-slice'

export type AppState = ConnectionsSlice & BrowserSlice & TransfersSlice

/** A slice sees the whole store, so an action in one slice may start another's. */
export type SliceCreator<T> = StateCreator<AppState, [], [], T>

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'
