import { useState, type FormEvent } from 'react'
import type { DeleteObjectsResult } from '../../../../shared/bridge/contract'
import type { FerryErrorValue } from '../../../../shared/errors'
import { baseName } from '../../format'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { ModalActions } from '../common/ModalActions'

interface Props {
  ids: string[]
  titleId: string
  onDone: () => void
}

const LISTED = 8

function describe(ids: string[]): string {
  const folders = ids.filter((id) => id.endsWith('/')).length
  const objects = ids.length - folders
  const parts: string[] = []
  if (objects) parts.push(`${objects.toLocaleString('en-US')} object${objects === 1 ? '' : 's'}`)
  if (folders) parts.push(`${folders.toLocaleString('en-US')} folder${folders === 1 ? '' : 's'}`)
  return parts.join(' and ')
}

export function DeleteConfirm({ ids, titleId, onDone }: Props) {
  const deleteEntries = useStore((s) => s.deleteEntries)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FerryErrorValue | null>(null)
  const [partial, setPartial] = useState<DeleteObjectsResult | null>(null)
  const folders = ids.some((id) => id.endsWith('/'))
  const single = ids.length === 1 ? baseName(ids[0]!) : null

  const confirm = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    const result = await deleteEntries(ids)
    setBusy(false)
    if (!result.ok) setError(result.error)
    else if (result.value.failed.length > 0) setPartial(result.value)
    else onDone()
  }

  return (
    <form className="modal__form" onSubmit={(e) => void confirm(e)}>
      <header className="modal__header">
        <h2 id={titleId}>Delete {single ? `“${single}”` : describe(ids)}?</h2>
        <p className="muted">
          {folders ? 'Every object inside the folders goes too. ' : ''}This cannot be undone unless the bucket
          keeps versions.
        </p>
      </header>
      {ids.length > 1 ? (
        <ul className="delete-confirm__list" aria-label="To delete">
          {ids.slice(0, LISTED).map((id) => (
            <li key={id}>{id}</li>
          ))}
          {ids.length > LISTED ? <li className="muted">and {ids.length - LISTED} more</li> : null}
        </ul>
      ) : null}
      {error ? <ErrorNotice title="Nothing was deleted" error={error} /> : null}
      {partial ? (
        <ErrorNotice
          title={`${partial.deleted} deleted, ${partial.failed.length} refused`}
          error={{
            code: 'access-denied',
            message: partial.failed
              .slice(0, 3)
              .map((f) => `${f.key}: ${f.message}`)
              .join('; '),
            fix: 'Check your permissions on those keys, then try again.',
          }}
        />
      ) : null}
      <ModalActions onCancel={onDone} cancelLabel={partial ? 'Close' : 'Cancel'}>
        {partial ? null : (
          <button type="submit" className="button button--primary button--destructive" disabled={busy}>
            Delete
          </button>
        )}
      </ModalActions>
    </form>
  )
}
