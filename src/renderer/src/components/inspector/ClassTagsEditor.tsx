import { useId, useState, type FormEvent } from 'react'
import type { ObjectDetails } from '../../../../shared/domain/objects'
import { parseTagging, taggingText } from '../../../../shared/encryption'
import type { FerryErrorValue } from '../../../../shared/errors'
import { ferry } from '../../bridge'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'

interface Props {
  target: { connectionId: string; bucket: string; key: string }
  details: ObjectDetails
  onSaved: (details: ObjectDetails) => void
}

type Parsed = { ok: true; tags: Record<string, string> } | { ok: false; problem: string }

function parsed(text: string): Parsed {
  try {
    return { ok: true, tags: text.trim() ? parseTagging(text.trim()) : {} }
  } catch (e) {
    return { ok: false, problem: (e as Error).message }
  }
}

/**
 * The object's storage class and tags. A new class rewrites the object (a copy onto itself,
 * guarded by its ETag, which keeps headers, metadata and tags); tags alone change in place.
 */
export function ClassTagsEditor({ target, details, onSaved }: Props) {
  const id = useId()
  const refresh = useStore((s) => s.refresh)
  const originalClass = details.storageClass ?? 'STANDARD'
  const originalTags = taggingText(details.tags ?? {})
  const [storageClass, setStorageClass] = useState(originalClass)
  const [tagging, setTagging] = useState(originalTags)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FerryErrorValue | null>(null)
  const tags = parsed(tagging)
  const classChanged = storageClass.trim() !== originalClass
  const dirty = classChanged || tagging.trim() !== originalTags

  const save = async (event: FormEvent) => {
    event.preventDefault()
    if (!dirty || !tags.ok) return
    setBusy(true)
    setError(null)
    const result = await ferry.updateMetadata({
      ...target,
      ifMatch: details.etag,
      contentType: details.contentType ?? '',
      cacheControl: details.cacheControl ?? '',
      contentDisposition: details.contentDisposition ?? '',
      metadata: details.metadata,
      ...(classChanged ? { storageClass: storageClass.trim() } : {}),
      tags: tags.tags,
    })
    setBusy(false)
    if (!result.ok) {
      setError(result.error)
      return
    }
    onSaved(result.value)
    refresh()
  }

  return (
    <form className="metadata-editor" aria-label="Storage class and tags" onSubmit={(e) => void save(e)}>
      <h3 className="inspector__section-title">Storage class and tags</h3>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-class`}>
          Storage class
        </label>
        <input
          id={`${id}-class`}
          className="field__input"
          value={storageClass}
          spellCheck={false}
          autoComplete="off"
          disabled={busy}
          onChange={(e) => setStorageClass(e.target.value)}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-tags`}>
          Tags
        </label>
        <input
          id={`${id}-tags`}
          className="field__input"
          value={tagging}
          placeholder="team=ops&project=ferry"
          spellCheck={false}
          autoComplete="off"
          disabled={busy}
          aria-invalid={!tags.ok}
          onChange={(e) => setTagging(e.target.value)}
        />
        {tags.ok ? null : (
          <span className="field__problem" role="alert">
            {tags.problem}
          </span>
        )}
      </div>
      {error ? <ErrorNotice title="Not saved" error={error} onDismiss={() => setError(null)} /> : null}
      <div className="metadata-editor__actions">
        <button type="submit" className="button button--primary" disabled={!dirty || busy || !tags.ok}>
          Save class and tags
        </button>
      </div>
    </form>
  )
}
