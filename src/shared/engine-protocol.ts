// Messages between main and the engine process: tagged unions matched by request id.
// File paths and offsets cross this boundary, never file bytes. Errors cross as
// FerryErrorValue because structured clone drops the fields of custom Error classes.
import type { FerryErrorCode, FerryErrorValue } from './errors'
import type { IfExists, UploadHeaders, Verification } from './domain/transfer'

/** Everything the engine needs to reach a store; credentials arrive here, never from disk. */
export interface EngineConnection {
  endpoint: string
  region: string
  pathStyle: boolean
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  profile?: string
}

/** Tuning that a resume keeps from the first run unless told otherwise. */
export interface TransferTuning {
  partSize?: number
  concurrency?: number
  /** Files at or above this size go multipart. */
  multipartThreshold?: number
  /** Bytes per second for all uploads of the engine together; 0 for no limit (the app's setting). */
  maxBytesPerSecond?: number
}

export interface UploadJob extends TransferTuning {
  transferId: string
  connection: EngineConnection
  /** The saved connection this came from, recorded in the journal so the app can resume it. */
  connectionId?: string
  source: string
  bucket: string
  key: string
  headers: UploadHeaders
  ifExists: IfExists
}

/** Something a person should know about a transfer that is not a failure. */
export interface TransferNote {
  code: FerryErrorCode
  message: string
}

export interface UploadOutcome {
  transferId: string
  key: string
  bytes: number
  etag: string
  verification: Verification
  partsUploaded: number
  partsReused: number
  /** True when --if-exists skip found the key taken and nothing was sent. */
  skipped: boolean
  notes: TransferNote[]
}

export interface TransferProgress {
  transferId: string
  size: number
  /** Bytes of parts the server acknowledged (or proved already present). */
  bytesDone: number
  partsTotal: number
  partsDone: number
  partsReused: number
}

export type EngineTransferState = 'preparing' | 'uploading' | 'verifying' | 'waiting-network'

/** Requests that start work and end with exactly one reply carrying their requestId. */
export type EngineRequest =
  | { type: 'upload'; requestId: string; job: UploadJob; journalDir: string }
  | {
      type: 'resume'
      requestId: string
      transferId: string
      journalDir: string
      connection: EngineConnection
      tuning?: TransferTuning
    }
  | {
      /** Stops the transfer if it runs here, aborts its multipart upload and closes its journal. */
      type: 'cancel'
      requestId: string
      transferId: string
      journalDir: string
      /** Needed when the transfer is not running in this engine (resumed from the journal). */
      connection?: EngineConnection
    }

export type MainToEngine =
  | EngineRequest
  /** Stops in-flight requests, keeps the upload id and the journal; the job replies 'paused'. */
  | { type: 'pause'; transferId: string }
  | { type: 'shutdown' }

export type EngineReply =
  | { type: 'done'; requestId: string; outcome: UploadOutcome }
  | { type: 'failed'; requestId: string; transferId: string; error: FerryErrorValue }
  | { type: 'paused'; requestId: string; transferId: string }
  | { type: 'cancelled'; requestId: string; transferId: string }

export type EngineToMain =
  | { type: 'ready'; pid: number }
  | ({ type: 'progress' } & TransferProgress)
  | { type: 'state'; transferId: string; state: EngineTransferState }
  | { type: 'note'; transferId: string; note: TransferNote }
  | EngineReply

export const isEngineReply = (m: EngineToMain): m is EngineReply =>
  m.type === 'done' || m.type === 'failed' || m.type === 'paused' || m.type === 'cancelled'
