import Conf from 'conf'
import type { KeyValueStore } from '../ports'
import { STORE_DEFAULTS, STORE_NAME, type FerryStoreSchema } from '../store-schema'

/** The Node adapter of the settings store: conf, which electron-store is built on, same file. */
export function openConfStore(stateDir: string): KeyValueStore<FerryStoreSchema> {
  const conf = new Conf<FerryStoreSchema>({
    cwd: stateDir,
    configName: STORE_NAME,
    defaults: STORE_DEFAULTS,
    projectName: 'ferry',
  })
  return {
    get: (key) => conf.get(key),
    set: (key, value) => conf.set(key, value),
    path: conf.path,
  }
}
