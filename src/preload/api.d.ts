import type { FerryApi } from '../shared/bridge/contract'

/** window.ferry: the contract's methods and events, plus the path of a dropped file. */
export type FerryWindowApi = FerryApi & {
  /** The file's path on disk, or '' when it has none (not dropped from the OS). */
  pathForFile(file: File): string
}

declare global {
  interface Window {
    ferry: FerryWindowApi
  }
}
export {}
