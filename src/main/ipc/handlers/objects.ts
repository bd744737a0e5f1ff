import { listBuckets, listObjectsPage } from '../../core/objects/list'
import { headObject } from '../../s3/head'
import type { Handler } from '../handler-types'

export const listBucketsHandler: Handler<'buckets:list'> = async ({ connectionId }, core) =>
  listBuckets(core.client(connectionId))

export const listObjectsHandler: Handler<'objects:list'> = async (request, core) =>
  listObjectsPage(core.client(request.connectionId), request)

export const headObjectHandler: Handler<'objects:head'> = async ({ connectionId, bucket, key }, core) =>
  headObject(core.client(connectionId), bucket, key)
