import { FerryError } from '../../../shared/errors'
import { copyObject } from '../../core/objects/copy'
import { deleteObject } from '../../core/objects/delete'
import { headObject, objectExists } from '../../s3/head'
import type { Handler } from '../handler-types'
import { details } from './object-metadata'

/**
 * Copy or rename within a bucket, server-side (no bytes through Ferry). S3 has no rename: a
 * rename is a copy, then the source is deleted only once the copy is proven equal to it. Replacing an
 * existing object is refused: the person asked for a new name, not an overwrite.
 */
export const copyObjectHandler: Handler<'objects:copy'> = async (request, core) => {
  const { connectionId, bucket, key, destinationKey, move } = request
  if (destinationKey === key) {
    throw new FerryError({
      code: 'bad-input',
      message: `the new key is the same as the old one (${key})`,
      fix: 'Type a different key.',
    })
  }
  const client = core.client(connectionId)
  if ((await objectExists(client, bucket, destinationKey)).exists) {
    throw new FerryError({
      code: 'destination-exists',
      message: `s3://${bucket}/${destinationKey} already exists`,
      fix: 'Choose another key, or delete that object first.',
    })
  }
  const copy = await copyObject(client, { bucket, key }, { bucket, key: destinationKey })
  if (move && !copy.proof.ok)
    throw new FerryError({
      code: 'integrity',
      message: `the copy at s3://${bucket}/${destinationKey} could not be proven equal to ${key} (${copy.proof.reason}), so ${key} was kept`,
      fix: 'Compare the two objects, then delete the one you do not want.',
    })
  if (move) await deleteObject(client, bucket, key)
  return details(await headObject(client, bucket, destinationKey))
}
