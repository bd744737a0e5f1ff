import { useCallback, useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { IncompleteUploadValue } from '../../../../shared/bridge/contract'
import type { FerryErrorValue } from '../../../../shared/errors'
import { ferry } from '../../bridge'
import { formatAge, formatBytes } from '../../format'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'

type Listing =
  | { kind: 'loading' }
  | { kind: 'ready'; uploads: IncompleteUploadValue[] }
  | { kind: 'error'; error: FerryErrorValue }

/**
 * Lists the bucket's incomplete multipart uploads with their age and stored size, to abort.
 * An upload Ferry is running (or has paused) shows here too: aborting it loses its parts.
 */
export function IncompleteUploadsPanel({ titleId, onClose }: { titleId: string; onClose: () => void }) {
  const { connectionId, bucket } = useStore(
    useShallow((s) => ({ connectionId: s.selectedConnectionId, bucket: s.bucket })),
  )
  const [listing, setListing] = useState<Listing>({ kind: 'loading' })
  const [chosen, setChosen] = useState<Set<string>>(new Set())
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FerryErrorValue | null>(null)

  const load = useCallback(async () => {
    if (!connectionId || !bucket) return
    setListing({ kind: 'loading' })
    const result = await ferry.listIncompleteUploads({ connectionId, bucket })
    setListing(result.ok ? { kind: 'ready', uploads: result.value } : { kind: 'error', error: result.error })
    setChosen(new Set())
  }, [connectionId, bucket])

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the listing is fetched when the panel opens
    void load()
  }, [load])

  const uploads = listing.kind === 'ready' ? listing.uploads : []
  const abort = async (targets: IncompleteUploadValue[]) => {
    if (!connectionId || !bucket || targets.length === 0) return
    setBusy(true)
    const result = await ferry.abortIncompleteUploads({
      connectionId,
      bucket,
      uploads: targets.map(({ key, uploadId }) => ({ key, uploadId })),
    })
    setBusy(false)
    if (!result.ok) setError(result.error)
    else if (result.value.failed.length > 0) {
      setError({
        code: 'access-denied',
        message: `${result.value.failed.length} could not be aborted: ${result.value.failed[0]!.key}: ${result.value.failed[0]!.message}`,
        fix: 'Check the permission s3:AbortMultipartUpload, then try again.',
      })
    } else setError(null)
    await load()
  }
  const toggle = (id: string) =>
    setChosen((c) => {
      const next = new Set(c)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })
  const totalBytes = uploads.reduce((sum, u) => sum + u.bytes, 0)

  return (
    <div className="modal__form">
      <header className="modal__header">
        <h2 id={titleId}>Incomplete uploads in {bucket}</h2>
        <p className="muted">
          {listing.kind === 'ready'
            ? uploads.length === 0
              ? 'None: no parts are stored for unfinished uploads.'
              : `${uploads.length} upload${uploads.length === 1 ? '' : 's'} holding ${formatBytes(totalBytes)} of parts, billed until aborted.`
            : 'Multipart uploads started and never completed.'}
        </p>
      </header>
      <div className="modal__body">
        {listing.kind === 'loading' ? (
          <p className="muted">
            <span className="spinner" /> Listing…
          </p>
        ) : null}
        {listing.kind === 'error' ? <ErrorNotice title="Could not list them" error={listing.error} /> : null}
        {uploads.length > 0 ? (
          <ul className="incomplete-uploads__list" aria-label="Incomplete uploads">
            {uploads.map((u) => (
              <li key={u.uploadId} className="incomplete-uploads__item" aria-label={u.key}>
                <label className="incomplete-uploads__choice">
                  <input
                    type="checkbox"
                    checked={chosen.has(u.uploadId)}
                    onChange={() => toggle(u.uploadId)}
                  />
                  <span className="incomplete-uploads__key">{u.key}</span>
                </label>
                <span className="muted">
                  {formatAge(u.initiated)} · {u.parts} part{u.parts === 1 ? '' : 's'} · {formatBytes(u.bytes)}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        {error ? (
          <ErrorNotice title="Not all aborted" error={error} onDismiss={() => setError(null)} />
        ) : null}
      </div>
      <footer className="modal__actions">
        <button
          type="button"
          className="button button--danger"
          disabled={busy || chosen.size === 0}
          onClick={() => void abort(uploads.filter((u) => chosen.has(u.uploadId)))}
        >
          Abort selected
        </button>
        <button
          type="button"
          className="button button--danger"
          disabled={busy || uploads.length === 0}
          onClick={() => void abort(uploads)}
        >
          Abort all
        </button>
        <span className="modal__spacer" />
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </footer>
    </div>
  )
}
