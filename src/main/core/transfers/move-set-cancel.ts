// Cancelling a move or copy set no process runs, as `ferry cancel` and the app's Cancel both do
// it: each stream to another connection the journal names is cancelled as an upload (its
// multipart upload aborted, its journal deleted), then the multipart copies the journal holds
// open are aborted and the journal deleted (journaled-cancel.ts `cancelSet`). Objects moved
// stay moved; nothing else on the store is touched. While any of that fails the journal stays,
// marked cancel-pending, so that nothing resumes the set by itself.
import type { S3Client } from '@aws-sdk/client-s3'
import { markCancelPending } from '../../journal/cancel-marks'
import { cancelSet, type Journaled, type SetCancelled } from './journaled-cancel'
import { copiesLeftOpen } from './open-copies'

export type MoveSetCancelled = SetCancelled & {
  /** The streams to another connection that were cancelled along (their transfer ids). */
  streams: string[]
}

export interface MoveSetCancelOptions {
  journalDir: string
  /** Cancels one stream through the scheduler; false when it had settled already. */
  cancelStream: (transferId: string) => Promise<boolean>
  /** The destination's store, asked for only when the journal holds copies open. */
  client: () => S3Client
}

export async function cancelMoveSet(
  j: Extract<Journaled, { kind: 'move-set' }>,
  options: MoveSetCancelOptions,
): Promise<MoveSetCancelled> {
  const { journalDir } = options
  const streams: string[] = []
  for (const id of j.view.openStreams.keys()) {
    try {
      if (await options.cancelStream(id)) streams.push(id)
    } catch (e) {
      markCancelPending(journalDir, j.id)
      throw e
    }
  }
  if (!copiesLeftOpen(j.view)) return { ...(await cancelSet(j, { journalDir })), streams }
  return { ...(await cancelSet(j, { client: options.client(), journalDir })), streams }
}
