import type { S3Client } from '@aws-sdk/client-s3'
import type { CustomerKey } from '../../shared/encryption'
import type {
  DownloadNote,
  EngineTransferState,
  TransferNote,
  TransferProgress,
} from '../../shared/engine-protocol'
import type { S3ErrorContext } from '../s3/s3-errors'
import type { TransferSpec } from '../journal/transfer-spec'
import type { RetryInfo } from '../s3/retrying'

/** What the engine reports about a running transfer, besides its final reply. */
export interface TransferEvents {
  progress(progress: TransferProgress): void
  state(state: EngineTransferState): void
  note(note: TransferNote): void
  /** A download's word on the partial file it found (reused, or thrown away). */
  downloadNote(note: DownloadNote): void
}

/** What the job runner hands each run: where journals live, the stop signal, the event sink. */
export interface JobEnv {
  journalDir: string
  /** Aborted with a StopReason on pause or cancel. */
  signal: AbortSignal
  events: TransferEvents
  /** The SSE-C key the request brought, if any: held in memory for this run only. */
  customerKey?: CustomerKey
}

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
  /** The SSE-C key: sent on every request that writes or reads the object. */
  customerKey?: CustomerKey
}

export type { TransferSpec }
