import { FerryError } from '../../../shared/errors'
import { startObjectDownloads } from '../../desktop/app-download-sets'
import { desktopServices } from '../../desktop/desktop-services'
import { dragObjectsOut } from '../../desktop/drag-out'
import { startFolderDownloads } from '../../desktop/folder-downloads'
import type { Handler } from '../handler-types'
import { desktopOf } from './desktop'

export const downloadObjects: Handler<'objects:download'> = async (
  { connectionId, bucket, keys, prefixes },
  core,
) => {
  const count = keys.length + prefixes.length
  const title = count === 1 && keys.length === 1 ? 'Download to folder' : `Download ${count} items to folder`
  const folder = await desktopOf(core).pickFolder(title)
  if (folder === null) return []
  const downloads = desktopServices(core).downloads
  if (prefixes.length > 0)
    await startFolderDownloads(core, downloads, { connectionId, bucket, prefixes, folder })
  return keys.length > 0 ? startObjectDownloads(core, downloads, { connectionId, bucket, keys, folder }) : []
}

export const showInFolder: Handler<'transfers:show-in-folder'> = async ({ id }, core) => {
  const downloads = desktopServices(core).downloads
  const done = downloads.has(id) ? downloads.list().find((s) => s.id === id) : undefined
  if (!done || done.state !== 'done') {
    throw new FerryError({
      code: 'not-found',
      message: 'only a finished download can be shown in its folder',
      fix: 'Wait for the download to finish.',
    })
  }
  desktopOf(core).showInFolder(done.source)
  return null
}

export const dragObjectsOutHandler: Handler<'objects:drag-out'> = async (request, core) => ({
  paths: await dragObjectsOut(core, desktopOf(core), request),
})
