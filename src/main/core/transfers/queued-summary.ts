// A transfer as the panel first sees it: queued, nothing done yet. Uploads, streams and
// downloads start from the same zeroed counters.
import type { FileTransferSummary } from '../../../shared/domain/transfer'

export type NewTransfer = Pick<
  FileTransferSummary,
  'id' | 'direction' | 'source' | 'bucket' | 'key' | 'connectionId' | 'size'
>

/** The counters every row starts from (a move's row too), queued at `now`. */
export const queuedCounters = (now: string) =>
  ({
    bytesDone: 0,
    state: 'queued',
    speed: 0,
    partsTotal: 0,
    partsDone: 0,
    partsReused: 0,
    createdAt: now,
    updatedAt: now,
  }) as const

export function queuedSummary(fields: NewTransfer, now = new Date().toISOString()): FileTransferSummary {
  return { ...fields, ...queuedCounters(now) }
}
