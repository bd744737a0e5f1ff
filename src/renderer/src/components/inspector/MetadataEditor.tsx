import { useState, type FormEvent } from 'react'
import type { ObjectDetails } from '../../../../shared/domain/objects'
import type { FerryErrorValue } from '../../../../shared/errors'
import { ferry } from '../../bridge'
import {
  checkDraft,
  draftFromDetails,
  draftMetadata,
  type MetadataDraft,
} from '../../metadata/metadata-draft'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { CheckIcon } from '../common/icons'
import { MetadataForm } from '../metadata/MetadataForm'

interface Props {
  target: { connectionId: string; bucket: string; key: string }
  details: ObjectDetails
  onSaved: (details: ObjectDetails) => void
  onReload: () => void
  /** The form replaces the one whose save produced this version: it says the save worked. */
  justSaved: boolean
}

const snapshot = (d: MetadataDraft) =>
  JSON.stringify([d.contentType, d.cacheControl, d.contentDisposition, draftMetadata(d)])

/**
 * Edits the object's headers and user metadata in place. S3 rewrites the object to do it
 * (a copy onto itself), so the save is guarded by the ETag read here: if someone changed the
 * object meanwhile, nothing is overwritten and the form says so.
 */
export function MetadataEditor({ target, details, onSaved, onReload, justSaved }: Props) {
  const refresh = useStore((s) => s.refresh)
  const [original] = useState(() => draftFromDetails(details))
  const [draft, setDraft] = useState(original)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FerryErrorValue | null>(null)
  const [saved, setSaved] = useState(justSaved)
  const check = checkDraft(draft)
  const dirty = snapshot(draft) !== snapshot(original)

  const save = async (event: FormEvent) => {
    event.preventDefault()
    if (!check.valid || !dirty) return
    setBusy(true)
    setError(null)
    const result = await ferry.updateMetadata({
      ...target,
      ifMatch: details.etag,
      contentType: draft.contentType.trim(),
      cacheControl: draft.cacheControl.trim(),
      contentDisposition: draft.contentDisposition.trim(),
      metadata: draftMetadata(draft),
    })
    setBusy(false)
    if (!result.ok) {
      setError(result.error)
      return
    }
    onSaved(result.value)
    // The rewrite gave the object a new date (and ETag on some stores): show it in the list.
    refresh()
  }

  return (
    <form className="metadata-editor" aria-label="Metadata" onSubmit={(e) => void save(e)}>
      <h3 className="inspector__section-title">Metadata</h3>
      <MetadataForm
        draft={draft}
        onChange={(next) => {
          setDraft(next)
          setSaved(false)
        }}
        contentTypeHint="None: served as binary/octet-stream"
        disabled={busy}
      />
      {error ? (
        <ErrorNotice title="Metadata not saved" error={error} onDismiss={() => setError(null)} />
      ) : null}
      <div className="metadata-editor__actions">
        {error?.code === 'source-changed' ? (
          <button type="button" className="button" onClick={onReload}>
            Reload object
          </button>
        ) : null}
        <button type="button" className="button" disabled={!dirty || busy} onClick={() => setDraft(original)}>
          Revert
        </button>
        <button type="submit" className="button button--primary" disabled={!dirty || busy || !check.valid}>
          Save metadata
        </button>
      </div>
      <p className="metadata-editor__status" aria-live="polite">
        {busy ? (
          <>
            <span className="spinner" /> Saving…
          </>
        ) : saved ? (
          <>
            <CheckIcon /> Metadata saved.
          </>
        ) : null}
      </p>
    </form>
  )
}
