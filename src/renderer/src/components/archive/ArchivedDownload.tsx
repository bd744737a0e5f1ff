import type { TransferSummary } from '../../../../shared/domain/transfer'
import { RestoreOffer } from './RestoreOffer'

/**
 * A download refused because its object is archived: the restore, offered where the refusal is
 * read. Once the restore completes, Retry on the same row downloads the object.
 */
export function ArchivedDownload({ transfer }: { transfer: TransferSummary }) {
  return (
    <div className="transfer__restore">
      <RestoreOffer
        small
        target={{ connectionId: transfer.connectionId, bucket: transfer.bucket, key: transfer.key }}
        next="Press Retry once it has completed."
      />
    </div>
  )
}

/** Whether a transfer failed because its object must be restored first. */
export const needsRestore = (t: TransferSummary): boolean =>
  t.direction === 'download' && t.state === 'failed' && t.error?.code === 'object-archived'
