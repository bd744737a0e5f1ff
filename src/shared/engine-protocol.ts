// Messages between main and the engine process: tagged unions matched by request id.
// File paths and offsets cross this boundary, never file bytes.
import type { FerryErrorValue } from './errors'
import type { IfExists, UploadHeaders, Verification } from './domain/transfer'

/** Everything the engine needs to reach a store; credentials arrive here, never from disk. */
export interface EngineConnection {
  endpoint: string
  region: string
  pathStyle: boolean
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  profile?: string
}

export interface UploadJob {
  transferId: string
  connection: EngineConnection
  source: string
  bucket: string
  key: string
  headers: UploadHeaders
  ifExists: IfExists
  partSize?: number
  concurrency?: number
  multipartThreshold?: number
}

export interface UploadOutcome {
  transferId: string
  key: string
  bytes: number
  etag: string
  verification: Verification
  partsUploaded: number
  partsReused: number
  skipped: boolean
}

export type MainToEngine =
  | { type: 'upload'; requestId: string; job: UploadJob; journalDir: string }
  | { type: 'resume'; requestId: string; transferId: string; journalDir: string; connection: EngineConnection }
  | { type: 'pause'; transferId: string }
  | { type: 'cancel'; transferId: string }
  | { type: 'shutdown' }

export type EngineToMain =
  | { type: 'ready'; pid: number }
  | {
      type: 'progress'
      transferId: string
      bytesDone: number
      size: number
      partsDone: number
      partsTotal: number
      partsReused: number
    }
  | { type: 'state'; transferId: string; state: 'preparing' | 'uploading' | 'verifying' | 'waiting-network' }
  | { type: 'done'; requestId: string; outcome: UploadOutcome }
  | { type: 'failed'; requestId: string; transferId: string; error: FerryErrorValue }
  | { type: 'paused'; requestId: string; transferId: string }
