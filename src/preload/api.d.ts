import type { FerryApi } from '../shared/bridge/contract'

declare global {
  interface Window {
    ferry: FerryApi
  }
}
export {}
