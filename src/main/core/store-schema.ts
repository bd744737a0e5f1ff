// The schema of Ferry's settings document (electron-store in the app, conf in Node).
// Transfer journals are not here: they are append-only files, one per transfer.

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
}

export const STORE_DEFAULTS: FerryStoreSchema = {
  connections: [],
  lastConnectionId: '',
  lastLocation: { bucket: '', prefix: '' },
}

export const STORE_NAME = 'ferry-settings'
