import type { S3Client } from '@aws-sdk/client-s3'
import type {
  DownloadNote,
  EngineTransferState,
  TransferNote,
  TransferProgress,
  TransferTuning,
  UploadJob,
} from '../../shared/engine-protocol'
import type { IfExists, UploadHeaders } from '../../shared/domain/transfer'
import type { S3ErrorContext } from '../core/s3/s3-errors'
import { journalConnection, journalTuning, type JournalConnection } from './journal'
import type { RetryInfo } from './retrying'

/** What the engine reports about a running transfer, besides its final reply. */
export interface TransferEvents {
  progress(progress: TransferProgress): void
  state(state: EngineTransferState): void
  note(note: TransferNote): void
  /** A download's word on the partial file it found (reused, or thrown away). */
  downloadNote(note: DownloadNote): void
}

/** What a transfer is, as its journal header records it. */
export interface TransferSpec {
  transferId: string
  source: string
  bucket: string
  key: string
  headers: UploadHeaders
  ifExists: IfExists
  tuning: TransferTuning
  connection: JournalConnection
}

/** A fresh upload's spec: what its journal header will record, secrets left out. */
export const specOfJob = (job: UploadJob): TransferSpec => ({
  transferId: job.transferId,
  source: job.source,
  bucket: job.bucket,
  key: job.key,
  headers: job.headers,
  ifExists: job.ifExists,
  tuning: journalTuning(job),
  connection: journalConnection(job.connection, job.connectionId),
})

export interface TransferContext {
  spec: TransferSpec
  client: S3Client
  /** Aborted with a StopReason on pause or cancel. */
  signal: AbortSignal
  journalDir: string
  events: TransferEvents
  where: S3ErrorContext
  /** Reports retries: network trouble shows as 'waiting-network' until a request succeeds. */
  onRetry(info: RetryInfo): void
  /** Tells the person something (reported, journaled, and listed in the outcome). */
  note(note: TransferNote): void
}
