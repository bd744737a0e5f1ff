import type { HandlerMap } from '../handler-types'
import { appInfo } from './app'
import { probeConnection } from './connection-probe'
import { listConnections, removeConnection, saveConnection, testConnection } from './connections'
import { copyText, exportDiagnosticsFile, pickUploadSources } from './desktop'
import { downloadObjects, dragObjectsOutHandler, showInFolder } from './downloads'
import { pickSyncFolder, planSync, runSync } from './sync'
import { createFolder } from './folders'
import { lastLocation, saveLocation } from './last-location'
import { copyObjectHandler } from './object-copy'
import { moveObjectsHandler } from './object-move'
import { deleteObjectsHandler } from './object-delete'
import { verifyFile } from './object-verify'
import { presignObject } from './object-links'
import { updateObjectMetadata } from './object-metadata'
import { headObjectHandler, listBucketsHandler, listObjectsHandler } from './objects'
import {
  cancelTransfer,
  listTransfers,
  pauseAllTransfers,
  clearFinishedTransfers,
  pauseTransfer,
  resumeAllTransfers,
  resumeTransfer,
  upload,
} from './transfers'
import { cancelAllTransfers } from './transfers-cancel-all'
import { abortIncomplete, listIncomplete } from './incomplete-uploads'
import { streamUrl } from './stream'
import { planUpload } from './upload-plan'
import { getSettings, saveSettings } from './settings'
import {
  createBucketHandler,
  deleteBucketHandler,
  getVersioningHandler,
  setVersioningHandler,
} from './buckets'
import {
  deleteVersionHandler,
  downloadVersionHandler,
  listVersionsHandler,
  restoreArchivedHandler,
  restoreVersionHandler,
} from './versions'
import { addPin, findKeysHandler, listPins, removePin } from './find'

/** Every request channel of the contract has exactly one handler: a missing one fails to compile. */
export const handlers: HandlerMap = {
  'app:info': appInfo,
  'connections:list': listConnections,
  'connections:save': saveConnection,
  'connections:remove': removeConnection,
  'connections:test': testConnection,
  'connections:probe': probeConnection,
  'buckets:list': listBucketsHandler,
  'objects:list': listObjectsHandler,
  'objects:head': headObjectHandler,
  'transfers:list': listTransfers,
  'transfers:upload': upload,
  'transfers:stream': streamUrl,
  'transfers:pause': pauseTransfer,
  'transfers:resume': resumeTransfer,
  'transfers:cancel': cancelTransfer,
  'transfers:pause-all': pauseAllTransfers,
  'transfers:resume-all': resumeAllTransfers,
  'transfers:cancel-all': cancelAllTransfers,
  'transfers:clear-finished': clearFinishedTransfers,
  'uploads:plan': planUpload,
  'objects:update-metadata': updateObjectMetadata,
  'objects:presign': presignObject,
  'objects:delete': deleteObjectsHandler,
  'objects:create-folder': createFolder,
  'objects:download': downloadObjects,
  'objects:drag-out': dragObjectsOutHandler,
  'transfers:show-in-folder': showInFolder,
  'sync:pick-folder': pickSyncFolder,
  'sync:plan': planSync,
  'sync:run': runSync,
  'objects:copy': copyObjectHandler,
  'objects:move': moveObjectsHandler,
  'objects:verify-file': verifyFile,
  'uploads:list-incomplete': listIncomplete,
  'uploads:abort-incomplete': abortIncomplete,
  'app:pick-upload-sources': pickUploadSources,
  'app:copy-text': copyText,
  'app:last-location': lastLocation,
  'app:save-location': saveLocation,
  'settings:get': getSettings,
  'settings:save': saveSettings,
  'buckets:create': createBucketHandler,
  'buckets:delete': deleteBucketHandler,
  'buckets:versioning': getVersioningHandler,
  'buckets:set-versioning': setVersioningHandler,
  'versions:list': listVersionsHandler,
  'versions:restore': restoreVersionHandler,
  'versions:delete': deleteVersionHandler,
  'versions:download': downloadVersionHandler,
  'objects:restore-archived': restoreArchivedHandler,
  'objects:find': findKeysHandler,
  'pins:list': listPins,
  'pins:add': addPin,
  'pins:remove': removePin,
  'app:export-diagnostics': exportDiagnosticsFile,
}
