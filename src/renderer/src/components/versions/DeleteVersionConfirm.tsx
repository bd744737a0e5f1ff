import { useState, type FormEvent } from 'react'
import type { ObjectVersion } from '../../../../shared/domain/versions'
import type { FerryErrorValue } from '../../../../shared/errors'
import { formatDate } from '../../format'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { ModalActions } from '../common/ModalActions'

/** Deleting a version is for good: the confirmation names the key, the version and its date. */
export function DeleteVersionConfirm({
  version: v,
  titleId,
  onDone,
}: {
  version: ObjectVersion
  titleId: string
  onDone: () => void
}) {
  const deleteVersion = useStore((s) => s.deleteVersion)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FerryErrorValue | null>(null)
  const marker = v.kind === 'delete-marker'
  const confirm = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    const result = await deleteVersion(v)
    setBusy(false)
    if (result.ok) onDone()
    else setError(result.error)
  }
  return (
    <form className="modal__form" onSubmit={(e) => void confirm(e)}>
      <header className="modal__header">
        <h2 id={titleId}>
          Delete {marker ? 'the delete marker' : 'version'} {v.versionId} of “{v.key}”?
        </h2>
        <p className="muted">
          {marker
            ? 'The object’s latest version reappears. '
            : `The version from ${formatDate(v.lastModified)} is deleted for good; no delete marker is written. `}
          {v.latest && !marker ? 'It is the latest version: the one before it becomes the object. ' : ''}
          This cannot be undone.
        </p>
      </header>
      {error ? <ErrorNotice title="Could not delete the version" error={error} /> : null}
      <ModalActions onCancel={onDone}>
        <button type="submit" className="button button--danger" disabled={busy} autoFocus>
          {busy ? 'Deleting…' : 'Delete for good'}
        </button>
      </ModalActions>
    </form>
  )
}
