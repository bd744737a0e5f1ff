// A resume request: the journal decides what runs again (a file's upload or a stream), or
// answers at once for a transfer that is done, cancelled, or running in another process.
import { hostname } from 'node:os'
import type { EngineConnection, TransferTuning, UploadOutcome } from '../../shared/engine-protocol'
import type { JournalView } from '../journal/journal'
import { readJournal } from '../journal/journal-reader'
import { transferCancelled, transferRunningElsewhere } from '../journal/transfer-errors'
import { isRunning } from '../journal/process-alive'
import { specFromHeader } from './run-support'
import { resumeStream } from './stream/stream-job'
import type { JobEnv } from './transfer-context'
import { resumeFileUpload } from './upload-job'
import { readVerification } from '../../shared/verification'

export async function runResume(
  request: { transferId: string; connection: EngineConnection; tuning?: TransferTuning; sourceUrl?: string },
  env: JobEnv,
): Promise<UploadOutcome> {
  const view = await readJournal(env.journalDir, request.transferId)
  const h = view.header
  if (!view.final && isRunning(view.writer)) {
    throw transferRunningElsewhere(h.transferId, { pid: view.writer.pid, host: hostname() })
  }
  if (view.final?.status === 'done') return outcomeFromJournal(view)
  if (view.final?.status === 'cancelled') {
    throw transferCancelled(h.transferId)
  }
  if (h.stream) return resumeStream(view, request, env)
  return resumeFileUpload(view, specFromHeader(h, request.tuning), request.connection, env)
}

function outcomeFromJournal(view: JournalView): UploadOutcome {
  const f = view.final!
  return {
    transferId: view.header.transferId,
    key: view.header.key,
    bytes: view.header.size,
    etag: f.etag ?? '',
    verification: readVerification(f.verification) ?? {
      verified: false,
      method: 'none',
      reason: 'not recorded',
    },
    partsUploaded: 0,
    partsReused: 0,
    skipped: f.skipped ?? false,
    notes: view.notes,
  }
}
