import { useState } from 'react'
import type { ObjectVersion } from '../../../../shared/domain/versions'
import type { FerryErrorValue } from '../../../../shared/errors'
import { baseName, formatBytes, formatDate } from '../../format'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'

/** One version or delete marker, with what can be done to it. */
export function VersionRow({ version: v, onDelete }: { version: ObjectVersion; onDelete: () => void }) {
  const download = useStore((s) => s.downloadVersion)
  const restore = useStore((s) => s.restoreVersion)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FerryErrorValue | null>(null)
  const marker = v.kind === 'delete-marker'
  const name = baseName(v.key)
  const run = async (action: () => Promise<{ ok: boolean; error?: FerryErrorValue }>) => {
    setBusy(true)
    setError(null)
    const result = await action()
    setBusy(false)
    if (!result.ok && result.error) setError(result.error)
  }
  return (
    <div
      role="row"
      className={v.latest ? 'versions__row is-latest' : 'versions__row'}
      data-version-id={v.versionId}
    >
      <span role="cell" className="versions__name" title={v.key}>
        {name}
        {v.latest ? <span className="versions__badge">latest</span> : null}
        {marker ? <span className="versions__badge versions__badge--marker">delete marker</span> : null}
      </span>
      <span role="cell" className="versions__id" title={v.versionId}>
        {v.versionId}
      </span>
      <span role="cell" className="versions__num">
        {marker ? '' : formatBytes(v.size)}
      </span>
      <span role="cell">{formatDate(v.lastModified)}</span>
      <span role="cell" className="versions__etag" title={v.etag}>
        {v.etag.slice(0, 12)}
      </span>
      <span role="cell" className="versions__actions">
        {marker ? null : (
          <button
            type="button"
            className="button button--small"
            disabled={busy}
            aria-label={`Download ${name} version ${v.versionId}`}
            onClick={() => void run(() => download(v))}
          >
            Download
          </button>
        )}
        {marker || v.latest ? null : (
          <button
            type="button"
            className="button button--small"
            disabled={busy}
            aria-label={`Restore ${name} version ${v.versionId}`}
            title="Copy this version over the latest, with its metadata"
            onClick={() => void run(() => restore(v))}
          >
            Restore
          </button>
        )}
        <button
          type="button"
          className="button button--small button--danger"
          disabled={busy}
          aria-label={`Delete ${name} version ${v.versionId}`}
          onClick={onDelete}
        >
          Delete
        </button>
      </span>
      {error ? (
        <div className="versions__error">
          <ErrorNotice error={error} onDismiss={() => setError(null)} />
        </div>
      ) : null}
    </div>
  )
}
