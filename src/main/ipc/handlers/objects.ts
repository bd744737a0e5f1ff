import { listBuckets, listObjectsPage } from '../../core/objects/list'
import { headObject } from '../../s3/head'
import type { Handler } from '../handler-types'
import { withProtection } from './object-protection'
import { withKeyWhenNeeded } from '../../core/connections/connection-encryption'

export const listBucketsHandler: Handler<'buckets:list'> = async ({ connectionId }, core) =>
  listBuckets(core.client(connectionId))

export const listObjectsHandler: Handler<'objects:list'> = async (request, core) =>
  listObjectsPage(core.client(request.connectionId), request)

export const headObjectHandler: Handler<'objects:head'> = async ({ connectionId, bucket, key }, core) => {
  const client = core.client(connectionId)
  const head = await withKeyWhenNeeded(core.connections, connectionId, (customerKey) =>
    headObject(client, bucket, key, { customerKey }),
  )
  return withProtection(client, head, head)
}
