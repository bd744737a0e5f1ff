import type { HandlerMap } from '../handler-types'
import { appInfo } from './app'
import { probeConnection } from './connection-probe'
import { listConnections, removeConnection, saveConnection, testConnection } from './connections'
import { headObjectHandler, listBucketsHandler, listObjectsHandler } from './objects'
import { cancelTransfer, listTransfers, pauseTransfer, resumeTransfer, upload } from './transfers'

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
  'transfers:pause': pauseTransfer,
  'transfers:resume': resumeTransfer,
  'transfers:cancel': cancelTransfer,
}
