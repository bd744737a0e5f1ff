// Messages between main and the engine process: tagged unions matched by request id.
// File paths and offsets cross this boundary, never file bytes. Errors cross as
// FerryErrorValue because structured clone drops the fields of custom Error classes.
import type { FerryErrorCode, FerryErrorValue } from './errors'
import type { IfExists, UploadHeaders, Verification } from './domain/transfer'
import type { CustomerKey } from './encryption'

/** Everything the engine needs to reach a store; credentials arrive here, never from disk. */
export interface EngineConnection {
  endpoint: string
  region: string
  pathStyle: boolean
  credentials?: {
    accessKeyId: string
    secretAccessKey: string
    sessionToken?: string
    /**
     * ISO time these stop working: short-lived credentials main resolved from a profile (SSO,
     * assume-role, credential_process) and refreshes before then with a 'credentials' message.
     */
    expiration?: string
  }
  profile?: string
  /** A proxy URL for this connection's requests, or "none" to go direct; unset: the environment's. */
  proxy?: string
  /** A PEM file of certificate authorities added to the system's roots for this connection. */
  caFile?: string
  /** AWS endpoint variants, as the SDK's useDualstackEndpoint, useFipsEndpoint, useAccelerateEndpoint. */
  dualStack?: boolean
  fips?: boolean
  accelerate?: boolean
}

/** Where a connection's credentials come from: transfers with the same source share refreshed ones. */
export const credentialSourceOf = (c: EngineConnection): string =>
  JSON.stringify([c.endpoint, c.region, c.pathStyle, c.profile ?? ''])

/** Tuning that a resume keeps from the first run unless told otherwise. */
export interface TransferTuning {
  partSize?: number
  concurrency?: number
  /** Files at or above this size go multipart. */
  multipartThreshold?: number
  /**
   * Bytes per second for all uploads of the engine together (a CLI command's --max-rate); 0 or
   * absent for no limit. A 'bandwidth' message replaces it in an engine that got one (the app).
   */
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
  /** The SSE-C key when headers.encryption is SSE-C: in this message only, never journaled. */
  customerKey?: CustomerKey
}

/** An upload whose bytes come from a URL (http, https, ftp, file) rather than a local file. */
export interface StreamJob extends TransferTuning {
  transferId: string
  connection: EngineConnection
  connectionId?: string
  /** As given, credentials included: it never reaches the journal with its password. */
  url: string
  bucket: string
  key: string
  headers: UploadHeaders
  ifExists: IfExists
  /** The source's MD5 as 32 hex digits, or a URL to a file holding it (an .md5 beside the data). */
  sourceMd5?: string
  customerKey?: CustomerKey
}

/** How the bytes streamed compared with a digest the source offered. */
export type SourceCheck =
  | {
      compared: true
      match: boolean
      algorithm: 'md5' | 'sha-256'
      from: string
      expected: string
      actual: string
    }
  | { compared: false; reason: string }

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
  /** Streams only: the source-side digest check, besides the ETag check in `verification`. */
  sourceCheck?: SourceCheck
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
      /** A stream's URL with its password, which the journal does not keep. */
      sourceUrl?: string
      /** The SSE-C key of an SSE-C upload, which the journal does not keep either. */
      customerKey?: CustomerKey
    }
  | { type: 'stream'; requestId: string; job: StreamJob; journalDir: string }
  /** A download of the app's: its journal is a sidecar of the target file; 'pause' stops it. */
  | {
      type: 'download'
      requestId: string
      transferId: string
      connection: EngineConnection
      job: DownloadJob
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

export type DownloadIfExists = 'fail' | 'overwrite' | 'skip'

/** A download's figures, about ten times a second and once at the end. */
export interface DownloadProgress {
  bytesDone: number
  size: number
  partsDone: number
  partsTotal: number
  partsReused: number
}

export interface DownloadJob {
  bucket: string
  key: string
  /** The file to create (a path, not a folder). */
  target: string
  /** Bytes per ranged GET (default 8 MiB, raised so no object needs more than 10,000 ranges). */
  partSize?: number
  concurrency?: number
  ifExists?: DownloadIfExists
  maxBytesPerSecond?: number
  /** The SSE-C key of an object written with one. */
  customerKey?: CustomerKey
  /** Download this version of the object, not its latest. */
  versionId?: string
  /** The object as a listing described it: a small one may then skip the HEAD and the ranges. */
  listed?: { etag: string; size: number }
}

/** What a download says about the partial file it found: reused, or thrown away and why. */
export type DownloadNote =
  { kind: 'resumed'; partsReused: number; bytesReused: number } | { kind: 'restarted'; reason: string }

export interface DownloadOutcome {
  bucket: string
  key: string
  path: string
  bytes: number
  etag: string
  verification: Verification
  partsTotal: number
  partsDownloaded: number
  partsReused: number
  /** Why an earlier partial download was thrown away, when it was. */
  restarted?: string
  skipped: boolean
}

export type MainToEngine =
  | EngineRequest
  /** Stops in-flight requests, keeps the upload id and the journal; the job replies 'paused'. */
  | { type: 'pause'; transferId: string }
  /** Fresh short-lived credentials (with an expiration) for every transfer of that credential source. */
  | { type: 'credentials'; connection: EngineConnection }
  /**
   * The limit of each direction (bytes per second, 0: none) from now on, for running transfers
   * too, in place of the rates jobs carry: the app's setting, sent when the engine starts and
   * whenever it changes.
   */
  | { type: 'bandwidth'; bytesPerSecond: number }
  | { type: 'shutdown' }

export type EngineReply =
  | { type: 'done'; requestId: string; outcome: UploadOutcome }
  | { type: 'failed'; requestId: string; transferId: string; error: FerryErrorValue }
  | { type: 'paused'; requestId: string; transferId: string }
  | { type: 'cancelled'; requestId: string; transferId: string }
  | { type: 'downloaded'; requestId: string; transferId: string; outcome: DownloadOutcome }

export type EngineToMain =
  | { type: 'ready'; pid: number }
  /** Messages sent in the same turn of the engine's event loop, in order (engine-outbox.ts). */
  | { type: 'batch'; messages: EngineToMain[] }
  | ({ type: 'progress' } & TransferProgress)
  | { type: 'state'; transferId: string; state: EngineTransferState }
  | { type: 'note'; transferId: string; note: TransferNote }
  | { type: 'download-note'; transferId: string; note: DownloadNote }
  | EngineReply

/** What the engine reports about running transfers, between a request and its reply. */
export type EngineEvent = Exclude<EngineToMain, EngineReply | { type: 'ready' } | { type: 'batch' }>

export const isEngineReply = (m: EngineToMain): m is EngineReply =>
  m.type === 'done' ||
  m.type === 'failed' ||
  m.type === 'paused' ||
  m.type === 'cancelled' ||
  m.type === 'downloaded'
