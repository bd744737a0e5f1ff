// The names window.ferry exposes, each bound to one channel of the contract. Kept apart from
// contract.ts so the sandboxed preload bundles these names without zod.
import type { EventChannel, RequestChannel } from './contract'
import { bucketBridgeMethods, findBridgeMethods } from './bucket-methods'

/** The named functions window.ferry exposes, each bound to one channel. */
export const bridgeMethods = {
  appInfo: 'app:info',
  listConnections: 'connections:list',
  saveConnection: 'connections:save',
  removeConnection: 'connections:remove',
  testConnection: 'connections:test',
  probeConnection: 'connections:probe',
  listBuckets: 'buckets:list',
  listObjects: 'objects:list',
  headObject: 'objects:head',
  listTransfers: 'transfers:list',
  upload: 'transfers:upload',
  streamUrl: 'transfers:stream',
  pauseTransfer: 'transfers:pause',
  resumeTransfer: 'transfers:resume',
  cancelTransfer: 'transfers:cancel',
  pauseAllTransfers: 'transfers:pause-all',
  resumeAllTransfers: 'transfers:resume-all',
  cancelAllTransfers: 'transfers:cancel-all',
  clearFinishedTransfers: 'transfers:clear-finished',
  planUpload: 'uploads:plan',
  updateMetadata: 'objects:update-metadata',
  presignObject: 'objects:presign',
  deleteObjects: 'objects:delete',
  createFolder: 'objects:create-folder',
  downloadObjects: 'objects:download',
  dragObjectsOut: 'objects:drag-out',
  showInFolder: 'transfers:show-in-folder',
  pickSyncFolder: 'sync:pick-folder',
  planSync: 'sync:plan',
  runSync: 'sync:run',
  copyObject: 'objects:copy',
  moveObjects: 'objects:move',
  verifyFile: 'objects:verify-file',
  listIncompleteUploads: 'uploads:list-incomplete',
  abortIncompleteUploads: 'uploads:abort-incomplete',
  pickUploadSources: 'app:pick-upload-sources',
  copyText: 'app:copy-text',
  lastLocation: 'app:last-location',
  saveLocation: 'app:save-location',
  getSettings: 'settings:get',
  saveSettings: 'settings:save',
  ...bucketBridgeMethods,
  ...findBridgeMethods,
  exportDiagnostics: 'app:export-diagnostics',
} as const satisfies Record<string, RequestChannel>

export const bridgeEvents = {
  onTransfersChanged: 'transfers:changed',
  onConnectionsChanged: 'connections:changed',
  onAppCommand: 'app:command',
  onObjectsChanged: 'objects:changed',
} as const satisfies Record<string, EventChannel>
