// The schema of Ferry's settings document (electron-store in the app, conf in Node).
// Transfer journals are not here: they are append-only files, one per transfer.
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings'
import type { ConnectionEncryption } from '../../shared/connection-encryption'

export interface StoredConnection {
  id: string
  name: string
  endpoint: string
  region: string
  pathStyle: boolean
  profile: string
  accessKeyId: string
  defaultBucket: string
  /** The secret access key, sealed by the SecretBox; absent when kept for the session only. */
  sealedSecret?: string
  sealedSessionToken?: string
  /** Where the bucket's objects are public (a CDN, a website): "Copy URL" joins it with the key. */
  publicUrlBase?: string
  /** The connection's proxy URL or "none"; absent: the environment's. */
  proxy?: string
  /** A PEM file of certificate authorities added to the system's roots. */
  caFile?: string
  /** The default encryption of uploads; for SSE-C the key file's path, never the key. */
  encryption?: ConnectionEncryption
  /**
   * Unencrypted copies, only where no OS keychain exists and the person chose to keep the
   * secret beyond the session (rememberWithoutKeychain).
   */
  plainSecret?: string
  plainSessionToken?: string
}

export interface FerryStoreSchema extends Record<string, unknown> {
  connections: StoredConnection[]
  lastConnectionId: string
  lastLocation: { bucket: string; prefix: string }
  /** Read through settingsFrom: a hand-edited file may hold anything. */
  settings: Settings
  /** Buckets and folders pinned in the sidebar; checked on read (pinsFrom). */
  pins: unknown[]
}

export const STORE_DEFAULTS: FerryStoreSchema = {
  connections: [],
  lastConnectionId: '',
  lastLocation: { bucket: '', prefix: '' },
  settings: DEFAULT_SETTINGS,
  pins: [],
}

export const STORE_NAME = 'ferry-settings'
