import type { SyncPlanView } from '../../../../shared/domain/sync'
import { formatBytes } from '../../format'

interface Props {
  plan: SyncPlanView
  deleteExtras: boolean
  /** Running or finished: the choice is made. */
  locked: boolean
  finished: boolean
  onDeleteExtras: (on: boolean) => void
}

const files = (n: number) => `${n.toLocaleString('en-US')} file${n === 1 ? '' : 's'}`

/** What would move each way, what stays, and every deletion, before anything happens. */
export function SyncPlanDetails({ plan, deleteExtras, locked, finished, onDeleteExtras }: Props) {
  const { totals } = plan
  const moves = plan.direction === 'upload' ? totals.upload : totals.download
  const hiddenMoves = moves.files - plan.transfers.length
  const hiddenDeletions = totals.delete.files - plan.deletions.length
  const destination = plan.direction === 'upload' ? `${plan.bucket}/${plan.prefix}` : plan.folder
  return (
    <section className="sync-plan" aria-label="Sync plan">
      <dl className="sync-plan__totals">
        <div>
          <dt>Upload</dt>
          <dd>
            {files(totals.upload.files)}, {formatBytes(totals.upload.bytes)}
          </dd>
        </div>
        <div>
          <dt>Download</dt>
          <dd>
            {files(totals.download.files)}, {formatBytes(totals.download.bytes)}
          </dd>
        </div>
        <div>
          <dt>Unchanged</dt>
          <dd>{files(totals.skipped.files)}</dd>
        </div>
        <div>
          <dt>Only at the destination</dt>
          <dd>
            {files(totals.delete.files)}, {formatBytes(totals.delete.bytes)}
          </dd>
        </div>
      </dl>
      {plan.transfers.length > 0 ? (
        <>
          <h3 className="sync-plan__heading" id="sync-moves-heading">
            {plan.direction === 'upload' ? 'To upload' : 'To download'}
          </h3>
          <ul className="sync-plan__list" aria-labelledby="sync-moves-heading">
            {plan.transfers.map((t) => (
              <li key={t.path} className="sync-plan__item" aria-label={t.path}>
                <span className="sync-plan__path">{t.path}</span>
                <span className="sync-plan__detail muted">{t.detail}</span>
                <span className="sync-plan__size muted">{formatBytes(t.size)}</span>
              </li>
            ))}
          </ul>
          {hiddenMoves > 0 ? <p className="sync-plan__more muted">and {files(hiddenMoves)} more</p> : null}
        </>
      ) : (
        <p className="sync-plan__none muted">Every file is already the same on both sides.</p>
      )}
      {totals.delete.files > 0 ? (
        <>
          <label className="sync-plan__delete">
            <input
              type="checkbox"
              checked={deleteExtras}
              disabled={locked}
              onChange={(e) => onDeleteExtras(e.target.checked)}
            />
            Delete {files(totals.delete.files)} from {destination} that the source does not have
          </label>
          <ul
            className={`sync-plan__list sync-plan__list--deletions${deleteExtras ? ' is-on' : ''}`}
            aria-label="Files to delete"
          >
            {plan.deletions.map((d) => (
              <li key={d.path} className="sync-plan__item" aria-label={d.path}>
                <span className="sync-plan__path">{d.path}</span>
                <span className="sync-plan__detail muted">
                  {deleteExtras ? (finished ? 'deleted' : 'will be deleted') : 'kept'}
                </span>
                <span className="sync-plan__size muted">{formatBytes(d.size)}</span>
              </li>
            ))}
          </ul>
          {hiddenDeletions > 0 ? (
            <p className="sync-plan__more muted">and {files(hiddenDeletions)} more</p>
          ) : null}
        </>
      ) : null}
      {plan.refused.length > 0 ? (
        <>
          <h3 className="sync-plan__heading" id="sync-refused-heading">
            Cannot take part
          </h3>
          <ul className="sync-plan__list" aria-labelledby="sync-refused-heading">
            {plan.refused.map((r) => (
              <li key={r.name} className="sync-plan__item" aria-label={r.name}>
                <span className="sync-plan__path">{r.name}</span>
                <span className="sync-plan__detail muted">{r.message}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}
