import { keyBaseName } from '../../core/objects/location'
import { compareFileWithObject } from '../../desktop/verify-file'
import type { Handler } from '../handler-types'
import { desktopOf } from './desktop'

export const verifyFile: Handler<'objects:verify-file'> = async ({ connectionId, bucket, key }, core) => {
  const file = await desktopOf(core).pickFile(`Compare a local file with ${keyBaseName(key)}`)
  if (file === null) return null
  return compareFileWithObject(core.client(connectionId), file, bucket, key, () =>
    core.transfers.partSizesFor(bucket, key),
  )
}
