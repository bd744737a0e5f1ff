import { useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { bucketNameProblem } from '../../../../shared/buckets/bucket-name'
import type { FerryErrorValue } from '../../../../shared/errors'
import { ferry } from '../../bridge'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { ModalActions } from '../common/ModalActions'

/** A new bucket: its name checked against S3's rules as it is typed, and its region. */
export function NewBucketForm({ titleId, onDone }: { titleId: string; onDone: () => void }) {
  const { connection, loadBuckets, openBucket } = useStore(
    useShallow((s) => ({
      connection: s.connections.find((c) => c.id === s.selectedConnectionId),
      loadBuckets: s.loadBuckets,
      openBucket: s.openBucket,
    })),
  )
  const [name, setName] = useState('')
  const [region, setRegion] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FerryErrorValue | null>(null)
  const trimmed = name.trim()
  const problem = trimmed ? bucketNameProblem(trimmed) : undefined
  const regionProblem =
    region.trim() && !/^[a-z0-9-]{2,32}$/.test(region.trim())
      ? 'A region is lowercase letters, digits and hyphens, e.g. eu-west-1.'
      : undefined

  const create = async (event: FormEvent) => {
    event.preventDefault()
    if (!connection || !trimmed || problem || regionProblem) return
    setBusy(true)
    setError(null)
    const result = await ferry.createBucket({
      connectionId: connection.id,
      bucket: trimmed,
      region: region.trim(),
    })
    setBusy(false)
    if (!result.ok) {
      setError(result.error)
      return
    }
    await loadBuckets()
    openBucket(result.value.bucket)
    onDone()
  }

  return (
    <form className="modal__form" onSubmit={(e) => void create(e)}>
      <header className="modal__header">
        <h2 id={titleId}>New bucket</h2>
        <p className="muted">On {connection?.name}</p>
      </header>
      <div className="field">
        <label className="field__label" htmlFor="new-bucket-name">
          Bucket name
        </label>
        <input
          id="new-bucket-name"
          className="field__input"
          value={name}
          autoFocus
          spellCheck={false}
          autoComplete="off"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'new-bucket-problem' : 'new-bucket-hint'}
          onChange={(e) => setName(e.target.value)}
        />
        {problem ? (
          <span id="new-bucket-problem" className="field__problem">
            {problem[0]!.toUpperCase() + problem.slice(1)}.
          </span>
        ) : (
          <span id="new-bucket-hint" className="field__hint muted">
            3-63 lowercase letters, digits, hyphens and dots. Names are shared by every account of the store.
          </span>
        )}
      </div>
      <div className="field">
        <label className="field__label" htmlFor="new-bucket-region">
          Region
        </label>
        <input
          id="new-bucket-region"
          className="field__input"
          value={region}
          placeholder={connection?.region || 'us-east-1'}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={regionProblem ? true : undefined}
          onChange={(e) => setRegion(e.target.value)}
        />
        {regionProblem ? <span className="field__problem">{regionProblem}</span> : null}
      </div>
      {error ? <ErrorNotice title="Could not create the bucket" error={error} /> : null}
      <ModalActions onCancel={onDone}>
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || !trimmed || problem !== undefined || regionProblem !== undefined}
        >
          {busy ? 'Creating…' : 'Create bucket'}
        </button>
      </ModalActions>
    </form>
  )
}
