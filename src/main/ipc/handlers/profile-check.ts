import type { Core } from '../../core/create-core'

/**
 * A connection that reads an AWS profile is checked before its uploads are queued: a missing
 * or incomplete profile is then one clear error at "Start upload", not one failed transfer
 * per file. The client caches what the profile gives, so this costs nothing after the first time.
 */
export async function checkProfileCredentials(core: Core, connectionId: string): Promise<void> {
  if (!core.connections.get(connectionId).profile) return
  await core.client(connectionId).config.credentials()
}
