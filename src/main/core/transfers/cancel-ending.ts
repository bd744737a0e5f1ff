// How a cancel ends: once the engine has aborted the multipart upload (or found it gone) and
// closed the journal, the journal is deleted too, so nothing of the transfer is left on the
// store or in the state folder. A cancel that could not abort the upload (the store out of
// reach, no credentials) keeps the journal, the one place the upload id is written, and says
// so: cancelling again, or `ferry uploads --abort`, can still remove the upload.
import type { FerryErrorValue } from '../../../shared/errors'
import type { TransferSummary } from '../../../shared/domain/transfer'
import { clearCancelPending, markCancelPending } from '../../journal/cancel-marks'
import { forgetQueued } from './queued-journals'

/** Deletes a cancelled transfer's journal (or forgets it in its batch). */
export function forgetCancelled(journalDir: string, transferId: string): void {
  clearCancelPending(journalDir, transferId)
  try {
    forgetQueued(journalDir, transferId)
  } catch {
    // Its final record already says cancelled: nothing resumes it, and Clear finished removes it.
  }
}

/**
 * The error a cancel that did not finish shows: the transfer, the cause, and what keeps the
 * upload id. The journal is marked so that nothing resumes the transfer by itself.
 */
export function cancelNotFinished(
  journalDir: string,
  summary: TransferSummary,
  cause: FerryErrorValue,
): FerryErrorValue {
  markCancelPending(journalDir, summary.id)
  const where = summary.bucket ? `s3://${summary.bucket}/${summary.key}` : `transfer ${summary.id}`
  const reason = cause.message.replace(/\.$/, '')
  return {
    code: cause.code,
    message: `the cancel of ${where} did not finish: ${reason}`,
    fix:
      `${cause.fix.replace(/\.?$/, '.')} Then cancel it again: Ferry keeps its journal, with the ` +
      'multipart upload id, until the upload is aborted.',
    ...(cause.detail !== undefined ? { detail: cause.detail } : {}),
  }
}
