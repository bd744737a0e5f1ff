import { readCustomerKey } from '../../s3/customer-key'
import { listBuckets } from '../../core/objects/list'
import type { Handler } from '../handler-types'

export const listConnections: Handler<'connections:list'> = async (_request, core) => core.connections.list()

export const saveConnection: Handler<'connections:save'> = async (request, core) => {
  // A key file that cannot be read (or is not 32 bytes) is named now, not at the first upload.
  if (request.encryption?.kind === 'sse-c') await readCustomerKey(`fileb://${request.encryption.keyFile}`)
  const saved = core.connections.save(request)
  core.forgetClient(saved.id)
  return saved
}

export const removeConnection: Handler<'connections:remove'> = async ({ connectionId }, core) => {
  core.connections.remove(connectionId)
  core.forgetClient(connectionId)
  return null
}

export const testConnection: Handler<'connections:test'> = async ({ connectionId }, core) => {
  const started = Date.now()
  const buckets = await listBuckets(core.client(connectionId))
  return { ok: true, millis: Date.now() - started, bucketCount: buckets.length }
}
