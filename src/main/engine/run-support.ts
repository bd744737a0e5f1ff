// The run skeleton's pieces that need no run (upload-run.ts): the request context with its
// retry and note reporting, the records a run writes and answers with, and how a run that
// threw leaves its journal and its upload.
import { FerryError, type FerryErrorCode, type FerryErrorValue } from '../../shared/errors'
import type {
  EngineConnection,
  TransferNote,
  TransferTuning,
  UploadOutcome,
} from '../../shared/engine-protocol'
import type { FlowResult } from './flow-result'
import type { FinalRecord, HeaderRecord } from '../journal/journal'
import { JournalWriter } from '../journal/journal-writer'
import { currentProcessMark } from '../journal/process-alive'
import type { RetryInfo } from '../s3/retrying'
import { clientFor } from './s3-clients'
import { isStop } from '../s3/stop-signal'
import type { JobEnv, TransferContext, TransferSpec } from './transfer-context'

export const now = (): string => new Date().toISOString()

/** What a resumed run works on: the journal's header, with tuning the resume asks for. */
export const specFromHeader = (h: HeaderRecord, tuning?: TransferTuning): TransferSpec => ({
  transferId: h.transferId,
  source: h.source,
  bucket: h.bucket,
  key: h.key,
  headers: h.headers,
  ifExists: h.ifExists,
  tuning: { ...h.tuning, ...tuning },
  connection: h.connection,
})

/** Opens a resumed run's journal and records this process as its writer. */
export async function reopenJournal(journalDir: string, transferId: string): Promise<JournalWriter> {
  const journal = await JournalWriter.open(journalDir, transferId)
  await journal.append({ t: 'run', at: now(), ...currentProcessMark() }, 'none')
  return journal
}

/** The final record of a run that got as far as a result: done, or failed for a mismatch. */
export const finalRecordOf = (result: FlowResult): Omit<FinalRecord, 't' | 'at'> => ({
  status: result.mismatch ? 'failed' : 'done',
  etag: result.etag,
  verification: result.verification,
  skipped: result.skipped,
  partsUploaded: result.partsUploaded,
  partsReused: result.partsReused,
})

export function runContext(
  spec: TransferSpec,
  connection: EngineConnection,
  env: JobEnv,
  note: (note: TransferNote) => void,
): TransferContext {
  // A key only goes with an SSE-C upload's requests: a store refuses SSE-C headers on any other
  // (the app hands a connection's key to every resume on that connection).
  const customerKey = spec.headers.encryption?.kind === 'sse-c' ? env.customerKey : undefined
  return {
    spec,
    client: clientFor(connection),
    signal: env.signal,
    journalDir: env.journalDir,
    events: env.events,
    where: {
      bucket: spec.bucket,
      key: spec.key,
      endpoint: spec.connection.endpoint,
      protection: {
        write: true,
        encryption: spec.headers.encryption,
        storageClass: spec.headers.storageClass,
        customerKey: customerKey !== undefined,
      },
    },
    // Two failed tries in a row: the network, not a fluke. The next success says 'uploading'.
    onRetry: (info: RetryInfo) => {
      if ((info.reason === 'network' || info.reason === 'idle') && info.attempt >= 2)
        env.events.state('waiting-network')
    },
    note,
    ...(customerKey ? { customerKey } : {}),
  }
}

export interface RunEnding {
  journal: JournalWriter | undefined
  /** Aborts the run's multipart upload, if it has one. */
  abort(): Promise<void>
  final(record: Omit<FinalRecord, 't' | 'at'>): Promise<void>
  /** Failures nothing can be resumed from: the upload is aborted and the journal closed as failed. */
  terminal: ReadonlySet<FerryErrorCode>
}

/**
 * Pause keeps everything for a resume; cancel aborts the upload; a terminal failure aborts it
 * too (parts left on the server would only cost storage); any other failure stays resumable.
 * An integrity failure has written its final record already.
 */
export async function settleFailure(e: unknown, run: RunEnding): Promise<void> {
  if (isStop(e)) {
    if (e.kind === 'pause')
      await run.journal?.append({ t: 'state', at: now(), state: 'paused' }).catch(() => {})
    if (e.kind === 'cancel') {
      await run.abort()
      await run.final({ status: 'cancelled' })
    }
    return
  }
  const error: FerryErrorValue =
    e instanceof FerryError
      ? e.toValue()
      : {
          code: 'internal',
          message: String((e as Error)?.message ?? e),
          fix: 'Resume the transfer; report this if it repeats.',
        }
  if (error.code === 'integrity') return
  if (run.terminal.has(error.code)) {
    await run.abort().catch(() => {})
    if (run.journal) await run.final({ status: 'failed', error })
    return
  }
  await run.journal?.append({ t: 'state', at: now(), state: 'failed', error }).catch(() => {})
}

export const outcomeOf = (spec: TransferSpec, result: FlowResult, notes: TransferNote[]): UploadOutcome => ({
  transferId: spec.transferId,
  key: spec.key,
  bytes: result.size,
  etag: result.etag,
  verification: result.verification,
  partsUploaded: result.partsUploaded,
  partsReused: result.partsReused,
  skipped: result.skipped,
  notes,
})
