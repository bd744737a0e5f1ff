import { createBucket } from '../../core/buckets/bucket-create'
import { deleteBucket } from '../../core/buckets/bucket-delete'
import { getVersioning, setVersioning } from '../../core/versions/versioning'
import { createS3Client } from '../../s3/client-factory'
import type { Handler } from '../handler-types'

export const createBucketHandler: Handler<'buckets:create'> = async (
  { connectionId, bucket, region },
  core,
) => {
  const client = core.client(connectionId)
  const own = await client.config.region()
  if (!region || region === own) return createBucket(client, bucket)
  // A bucket in another region is created through that region's endpoint.
  const regional = createS3Client({ ...core.connections.resolve(connectionId), region })
  try {
    return await createBucket(regional, bucket, { region })
  } finally {
    regional.destroy()
  }
}

export const deleteBucketHandler: Handler<'buckets:delete'> = ({ connectionId, bucket, empty }, core) =>
  deleteBucket(core.client(connectionId), bucket, { empty })

export const getVersioningHandler: Handler<'buckets:versioning'> = ({ connectionId, bucket }, core) =>
  getVersioning(core.client(connectionId), bucket)

export const setVersioningHandler: Handler<'buckets:set-versioning'> = ({ connectionId, bucket, on }, core) =>
  setVersioning(core.client(connectionId), bucket, on)
