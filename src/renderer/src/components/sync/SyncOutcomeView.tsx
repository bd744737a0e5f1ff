import type { SyncOutcome } from '../../../../shared/domain/sync'
import { formatBytes } from '../../format'

/** How the sync ended, in the counts `ferry sync --json` reports. */
export function SyncOutcomeView({ outcome }: { outcome: SyncOutcome }) {
  const parts = [
    `${outcome.uploaded.toLocaleString('en-US')} uploaded`,
    `${outcome.downloaded.toLocaleString('en-US')} downloaded`,
    `${outcome.skipped.toLocaleString('en-US')} unchanged`,
    `${outcome.deleted.toLocaleString('en-US')} deleted`,
    `${outcome.failed.toLocaleString('en-US')} failed`,
  ]
  return (
    <div className={`sync-outcome${outcome.failed > 0 ? ' sync-outcome--failed' : ''}`} role="status">
      <p className="sync-outcome__title">
        {outcome.failed > 0 ? 'Sync finished with failures' : 'Sync finished'}
      </p>
      <p className="muted">
        {parts.join(', ')}; {formatBytes(outcome.bytes)} moved.
      </p>
      {outcome.deletionsHeld ? (
        <p className="muted">
          Nothing was deleted: {outcome.deletionsHeld}. Sync again once every file is copied.
        </p>
      ) : null}
    </div>
  )
}
