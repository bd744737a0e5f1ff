import Store from 'electron-store'
import type { KeyValueStore } from '../../core/ports'
import { STORE_DEFAULTS, STORE_NAME, type FerryStoreSchema } from '../../core/store-schema'

/** The app's settings store; the same file name and schema as the Node adapter (conf). */
export function openElectronStore(stateDir: string): KeyValueStore<FerryStoreSchema> {
  const store = new Store<FerryStoreSchema>({ cwd: stateDir, name: STORE_NAME, defaults: STORE_DEFAULTS })
  return { get: (key) => store.get(key), set: (key, value) => store.set(key, value), path: store.path }
}
