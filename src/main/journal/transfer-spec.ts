import type { IfExists, UploadHeaders } from '../../shared/domain/transfer'
import type { TransferTuning, UploadJob } from '../../shared/engine-protocol'
import { journalConnection, journalTuning, type JournalConnection } from './journal'

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
