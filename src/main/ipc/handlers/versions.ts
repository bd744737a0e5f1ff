import { copyObject } from '../../core/objects/copy'
import { restoreObject } from '../../core/objects/restore'
import { deleteVersion } from '../../core/versions/delete-versions'
import { listVersionsPage } from '../../core/versions/list-versions'
import { startObjectDownloads } from '../../desktop/app-download-sets'
import { desktopServices } from '../../desktop/desktop-services'
import { headObject } from '../../s3/head'
import type { Handler } from '../handler-types'
import { desktopOf } from './desktop'

export const listVersionsHandler: Handler<'versions:list'> = async (
  { connectionId, bucket, prefix, keyMarker, versionIdMarker },
  core,
) => {
  const page = await listVersionsPage(core.client(connectionId), {
    bucket,
    prefix,
    keyMarker,
    versionIdMarker,
    delimiter: '/',
  })
  // The folder's own marker object ("photos/") is not one of its files.
  return { ...page, versions: page.versions.filter((v) => v.key !== prefix) }
}

export const restoreVersionHandler: Handler<'versions:restore'> = async (
  { connectionId, bucket, key, versionId },
  core,
) => {
  const client = core.client(connectionId)
  await copyObject(client, { bucket, key }, { bucket, key }, { sourceVersionId: versionId })
  return headObject(client, bucket, key)
}

export const deleteVersionHandler: Handler<'versions:delete'> = async (
  { connectionId, bucket, key, versionId },
  core,
) => {
  await deleteVersion(core.client(connectionId), bucket, key, versionId)
  return null
}

export const downloadVersionHandler: Handler<'versions:download'> = async (
  { connectionId, bucket, key, versionId },
  core,
) => {
  // A wrong id is said now, not as a failed row after the folder was picked.
  await headObject(core.client(connectionId), bucket, key, { versionId })
  const folder = await desktopOf(core).pickFolder('Download this version to folder')
  if (folder === null) return []
  const downloads = desktopServices(core).downloads
  return startObjectDownloads(core, downloads, { connectionId, bucket, keys: [key], folder, versionId })
}

export const restoreArchivedHandler: Handler<'objects:restore-archived'> = (
  { connectionId, bucket, key, days, tier },
  core,
) => restoreObject(core.client(connectionId), { bucket, key, days, tier })
