import { PutObjectCommand } from '@aws-sdk/client-s3'
import { failureFacts, toFerryError } from '../../s3/s3-errors'
import type { Handler } from '../handler-types'

/**
 * S3 has no folders: a zero-byte object named "prefix/" makes an empty one show up in
 * listings (as the S3 console does). If-None-Match keeps an existing marker, and whatever
 * it holds, untouched.
 */
export const createFolder: Handler<'objects:create-folder'> = async (
  { connectionId, bucket, prefix },
  core,
) => {
  try {
    await core
      .client(connectionId)
      .send(new PutObjectCommand({ Bucket: bucket, Key: prefix, Body: new Uint8Array(0), IfNoneMatch: '*' }))
  } catch (e) {
    // 412: the folder marker exists already, which is what was asked for.
    if (failureFacts(e).status === 412) return null
    throw toFerryError(e, { bucket, key: prefix })
  }
  return null
}
