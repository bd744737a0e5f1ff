// Cancelling a transfer that is not running here (queued, paused or failed): abort its multipart
// upload (so no incomplete upload keeps costing storage) and close its journal as cancelled.
import { FerryError } from '../../shared/errors'
import type { EngineConnection } from '../../shared/engine-protocol'
import { readJournal } from '../journal/journal-reader'
import { transferAlreadyFinished, transferRunningElsewhere } from '../journal/transfer-errors'
import { JournalWriter } from '../journal/journal-writer'
import { abortMultipart } from './multipart-upload'
import { isRunning } from '../journal/process-alive'
import { clientFor } from './s3-clients'

export async function cancelJournaled(
  journalDir: string,
  transferId: string,
  connection: EngineConnection | undefined,
): Promise<void> {
  const view = await readJournal(journalDir, transferId)
  const h = view.header
  if (view.final?.status === 'done') throw transferAlreadyFinished(transferId, `s3://${h.bucket}/${h.key}`)
  if (view.final?.status === 'cancelled') return
  // A failed transfer could still be retried, so its upload may be open: cancelling gives up on
  // it for good, upload aborted and journal closed as cancelled, or it would come back as failed
  // at the next start. Its run has ended (the final record says so), whatever process wrote it.
  if (!view.final && isRunning(view.writer)) {
    throw transferRunningElsewhere(
      transferId,
      { pid: view.writer.pid },
      'Cancel it where it runs, or stop that process first.',
    )
  }
  if (h.kind === 'multipart' && h.uploadId) {
    if (!connection) {
      throw new FerryError({
        code: 'invalid-credentials',
        message: `cancelling transfer ${transferId} needs credentials for ${h.connection.endpoint || 'AWS'}`,
        fix: 'Pass the connection (or its saved id) along with the cancel.',
      })
    }
    await abortMultipart(clientFor(connection), {
      bucket: h.bucket,
      key: h.key,
      uploadId: h.uploadId,
      endpoint: h.connection.endpoint,
    })
  }
  const journal = await JournalWriter.open(journalDir, transferId)
  try {
    await journal.append({ t: 'final', at: new Date().toISOString(), status: 'cancelled' })
  } finally {
    await journal.close()
  }
}
