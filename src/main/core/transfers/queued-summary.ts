// A transfer as the panel first sees it: queued, nothing done yet. Uploads, streams and
// downloads start from the same zeroed counters.
import type { TransferSummary } from '../../../shared/domain/transfer'

export type NewTransfer = Pick<
  TransferSummary,
  'id' | 'direction' | 'source' | 'bucket' | 'key' | 'connectionId' | 'size'
>

export function queuedSummary(fields: NewTransfer, now = new Date().toISOString()): TransferSummary {
  return {
    ...fields,
    bytesDone: 0,
    state: 'queued',
    speed: 0,
    partsTotal: 0,
    partsDone: 0,
    partsReused: 0,
    createdAt: now,
    updatedAt: now,
  }
}
