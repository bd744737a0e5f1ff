import { join } from 'node:path'
import type { S3Client } from '@aws-sdk/client-s3'
import { ConnectionStore } from './connections/connection-store'
import type { DesktopPort, EngineLauncher, KeyValueStore, SecretBox, SystemEvents } from './ports'
import { createS3Client } from '../s3/client-factory'
import { SettingsStore } from './settings/settings-store'
import type { FerryStoreSchema } from './store-schema'
import { TransferManager } from './transfers/transfer-manager'

export interface CoreDeps {
  store: KeyValueStore<FerryStoreSchema>
  secrets: SecretBox
  launchEngine: EngineLauncher
  system: SystemEvents
  /** Where journals and logs live (FERRY_STATE_DIR, or the app's data folder). */
  stateDir: string
  version: string
  /** Dialogs, dock progress, notifications: absent for the CLI, which has no desktop. */
  desktop?: DesktopPort
  /** Resume unfinished journaled transfers at start (the app) or leave them paused. */
  resumeOnStart?: boolean
}

/** The app's main-side state and services, the same under Electron and under Node. */
export interface Core {
  readonly deps: CoreDeps
  readonly connections: ConnectionStore
  /** The person's transfer settings, applied to each new transfer. */
  readonly settings: SettingsStore
  readonly transfers: TransferManager
  /** An S3 client per saved connection, built once and kept warm (keep-alive pool). */
  client(connectionId: string): S3Client
  /** Forget cached clients of a connection after it was edited or removed. */
  forgetClient(connectionId: string): void
  close(): Promise<void>
}

export function createCore(deps: CoreDeps): Core {
  const connections = new ConnectionStore(deps.store, deps.secrets)
  const clients = new Map<string, S3Client>()
  const settings = new SettingsStore(deps.store)
  const transfers = new TransferManager({
    launchEngine: deps.launchEngine,
    connections,
    system: deps.system,
    journalDir: join(deps.stateDir, 'transfers'),
    resumeOnStart: deps.resumeOnStart ?? false,
    // A change in Settings reaches the transfers already running (a call starts, or the person
    // wants to finish before leaving), not only the files started after it.
    bandwidthLimit: {
      current: () => settings.get().maxBytesPerSecond,
      onChanged: (listener) => settings.onChanged((s) => listener(s.maxBytesPerSecond)),
    },
  })
  return {
    deps,
    connections,
    settings,
    transfers,
    client(connectionId) {
      let client = clients.get(connectionId)
      if (!client) {
        client = createS3Client(connections.resolve(connectionId))
        clients.set(connectionId, client)
      }
      return client
    },
    forgetClient(connectionId) {
      clients.get(connectionId)?.destroy()
      clients.delete(connectionId)
    },
    async close() {
      await transfers.close()
      for (const client of clients.values()) client.destroy()
      clients.clear()
    },
  }
}
