import type { TransferTuning } from '../../../shared/engine-protocol'
import { settingsFrom, type Settings } from '../../../shared/settings'
import type { KeyValueStore } from '../ports'
import type { FerryStoreSchema } from '../store-schema'

/** The person's settings in the store, read through their schema every time (the file is theirs to edit). */
export class SettingsStore {
  readonly #listeners = new Set<(settings: Settings) => void>()

  constructor(private readonly store: KeyValueStore<FerryStoreSchema>) {}

  get(): Settings {
    return settingsFrom(this.store.get('settings'))
  }

  /** Applies a validated change; the fields it leaves out keep their values. */
  save(change: { [K in keyof Settings]?: Settings[K] | undefined }): Settings {
    const next: Settings = { ...this.get(), ...definedOnly(change) }
    this.store.set('settings', next)
    for (const listener of this.#listeners) listener(next)
    return next
  }

  onChanged(listener: (settings: Settings) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * What a new transfer runs with; a resumed one keeps what it started with, but for the
   * bandwidth limit, which every transfer follows while it runs (create-core.ts).
   */
  tuning(): Required<Pick<TransferTuning, 'partSize' | 'concurrency' | 'maxBytesPerSecond'>> {
    const { partSize, concurrency, maxBytesPerSecond } = this.get()
    return { partSize, concurrency, maxBytesPerSecond }
  }
}

function definedOnly(change: { [K in keyof Settings]?: Settings[K] | undefined }): Partial<Settings> {
  return Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as Partial<Settings>
}
