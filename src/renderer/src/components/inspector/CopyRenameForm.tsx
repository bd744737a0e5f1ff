import { useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { FerryErrorValue } from '../../../../shared/errors'
import { MAX_KEY_BYTES } from '../../../../shared/s3-limits'
import { ferry } from '../../bridge'
import { baseName } from '../../format'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { ModalActions } from '../common/ModalActions'

interface Props {
  objectKey: string
  titleId: string
  onDone: () => void
}

function keyProblem(key: string, original: string): string | undefined {
  if (key === '') return 'Type the new key.'
  if (key.endsWith('/')) return 'A key ending in “/” names a folder; add the file name.'
  if (key === original) return 'Type a key different from the current one.'
  if (new TextEncoder().encode(key).length > MAX_KEY_BYTES) return `Keys are at most ${MAX_KEY_BYTES} bytes.`
  return undefined
}

/** The full key, so an object can move to another folder as well as get a new name. */
export function CopyRenameForm({ objectKey, titleId, onDone }: Props) {
  const { connectionId, bucket, refresh, setSelection } = useStore(
    useShallow((s) => ({
      connectionId: s.selectedConnectionId,
      bucket: s.bucket,
      refresh: s.refresh,
      setSelection: s.setSelection,
    })),
  )
  const [key, setKey] = useState(objectKey)
  const [busy, setBusy] = useState<'copy' | 'rename' | null>(null)
  const [error, setError] = useState<FerryErrorValue | null>(null)
  const problem = keyProblem(key, objectKey)

  const run = async (move: boolean) => {
    if (!connectionId || !bucket || problem) return
    setBusy(move ? 'rename' : 'copy')
    const result = await ferry.copyObject({ connectionId, bucket, key: objectKey, destinationKey: key, move })
    setBusy(null)
    if (!result.ok) {
      setError(result.error)
      return
    }
    // The new object is the one to look at now (it shows if it is in the open folder).
    setSelection([key])
    refresh()
    onDone()
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void run(true)
  }

  return (
    <form className="modal__form" onSubmit={submit}>
      <header className="modal__header">
        <h2 id={titleId}>Copy or rename “{baseName(objectKey)}”</h2>
        <p className="muted">Within {bucket}, on the server: no bytes pass through this computer.</p>
      </header>
      <div className="field">
        <label className="field__label" htmlFor="copy-rename-key">
          New key
        </label>
        <input
          id="copy-rename-key"
          className="field__input"
          value={key}
          autoFocus
          spellCheck={false}
          autoComplete="off"
          aria-invalid={problem && key !== objectKey ? true : undefined}
          onChange={(e) => setKey(e.target.value)}
        />
        {problem && key !== objectKey ? <span className="field__problem">{problem}</span> : null}
      </div>
      {error ? <ErrorNotice title="Nothing changed" error={error} onDismiss={() => setError(null)} /> : null}
      <ModalActions onCancel={onDone}>
        <button
          type="button"
          className="button"
          disabled={busy !== null || Boolean(problem)}
          onClick={() => void run(false)}
        >
          {busy === 'copy' ? 'Copying…' : 'Copy'}
        </button>
        <button type="submit" className="button button--primary" disabled={busy !== null || Boolean(problem)}>
          {busy === 'rename' ? 'Renaming…' : 'Rename'}
        </button>
      </ModalActions>
    </form>
  )
}
