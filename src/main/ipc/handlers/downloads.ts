import { desktopServices } from '../../desktop/desktop-services'
import type { Handler } from '../handler-types'
import { desktopOf } from './desktop'

export const downloadObjects: Handler<'objects:download'> = async ({ connectionId, bucket, keys }, core) => {
  const title = keys.length === 1 ? 'Download to folder' : `Download ${keys.length} objects to folder`
  const folder = await desktopOf(core).pickFolder(title)
  if (folder === null) return []
  return desktopServices(core).downloads.start({ connectionId, bucket, keys, folder })
}
