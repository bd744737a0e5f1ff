import { useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { FerryErrorValue } from '../../../../shared/errors'
import { MAX_KEY_BYTES } from '../../../../shared/s3-limits'
import { ferry } from '../../bridge'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { FolderNameField } from './FolderNameField'
import { ModalActions } from '../common/ModalActions'

function nameProblem(name: string, prefix: string): string | undefined {
  if (name.includes('/')) return 'A folder name cannot contain “/”; create one folder at a time.'
  if (name === '.' || name === '..') return 'Choose a name other than “.” or “..”.'
  if (new TextEncoder().encode(`${prefix}${name}/`).length > MAX_KEY_BYTES)
    return `The folder’s key would be longer than S3’s ${MAX_KEY_BYTES} bytes.`
  return undefined
}

/** S3 has no folders; a zero-byte "name/" object makes an empty one appear, as in the S3 console. */
export function NewFolderForm({ titleId, onDone }: { titleId: string; onDone: () => void }) {
  const { connectionId, bucket, prefix, refresh } = useStore(
    useShallow((s) => ({
      connectionId: s.selectedConnectionId,
      bucket: s.bucket,
      prefix: s.prefix,
      refresh: s.refresh,
    })),
  )
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FerryErrorValue | null>(null)
  const trimmed = name.trim()
  const problem = nameProblem(trimmed, prefix)

  const create = async (event: FormEvent) => {
    event.preventDefault()
    if (!connectionId || !bucket || !trimmed || problem) return
    setBusy(true)
    const result = await ferry.createFolder({ connectionId, bucket, prefix: `${prefix}${trimmed}/` })
    setBusy(false)
    if (!result.ok) {
      setError(result.error)
      return
    }
    refresh()
    onDone()
  }

  return (
    <form className="modal__form" onSubmit={(e) => void create(e)}>
      <header className="modal__header">
        <h2 id={titleId}>New folder</h2>
        <p className="muted">
          In {bucket}/{prefix}
        </p>
      </header>
      <FolderNameField
        id="new-folder-name"
        label="Folder name"
        value={name}
        problem={problem}
        onChange={setName}
      />
      {error ? <ErrorNotice title="Could not create the folder" error={error} /> : null}
      <ModalActions onCancel={onDone}>
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || !trimmed || Boolean(problem)}
        >
          Create folder
        </button>
      </ModalActions>
    </form>
  )
}
