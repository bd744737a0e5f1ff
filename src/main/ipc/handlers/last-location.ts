import type { Handler } from '../handler-types'

export const lastLocation: Handler<'app:last-location'> = async (_request, core) => ({
  connectionId: core.deps.store.get('lastConnectionId'),
  ...core.deps.store.get('lastLocation'),
})

export const saveLocation: Handler<'app:save-location'> = async ({ connectionId, bucket, prefix }, core) => {
  core.deps.store.set('lastConnectionId', connectionId)
  core.deps.store.set('lastLocation', { bucket, prefix })
  return null
}
