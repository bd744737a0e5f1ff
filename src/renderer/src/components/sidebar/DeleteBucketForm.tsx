import { useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { FerryErrorValue } from '../../../../shared/errors'
import { ferry } from '../../bridge'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { ModalActions } from '../common/ModalActions'

/**
 * Deleting a bucket. S3 refuses while it holds anything; the refusal says how much, and only
 * then is emptying it offered, as its own, clearly named step.
 */
export function DeleteBucketForm({
  bucket,
  titleId,
  onDone,
}: {
  bucket: string
  titleId: string
  onDone: () => void
}) {
  const { connectionId, openBucket, closeBucket, loadBuckets } = useStore(
    useShallow((s) => ({
      connectionId: s.selectedConnectionId,
      openBucket: s.bucket,
      closeBucket: s.closeBucket,
      loadBuckets: s.loadBuckets,
    })),
  )
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FerryErrorValue | null>(null)
  const notEmpty = error?.code === 'bucket-not-empty'

  const remove = async (empty: boolean) => {
    if (!connectionId) return
    setBusy(true)
    setError(null)
    const result = await ferry.deleteBucket({ connectionId, bucket, empty })
    setBusy(false)
    if (!result.ok) {
      setError(result.error)
      return
    }
    if (openBucket === bucket) closeBucket()
    await loadBuckets()
    onDone()
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void remove(notEmpty)
  }

  return (
    <form className="modal__form" onSubmit={submit}>
      <header className="modal__header">
        <h2 id={titleId}>Delete bucket “{bucket}”?</h2>
        <p className="muted">The bucket and its name are given up; another account may take the name.</p>
      </header>
      {error ? <ErrorNotice title="The bucket was not deleted" error={error} /> : null}
      {notEmpty ? (
        <p className="delete-bucket__warning">
          “Empty and delete” deletes every object in it, every earlier version and delete marker, and aborts
          every open multipart upload, then the bucket. Nothing can be recovered afterwards.
        </p>
      ) : null}
      <ModalActions onCancel={onDone}>
        <button type="submit" className="button button--danger" disabled={busy} autoFocus>
          {busy ? 'Deleting…' : notEmpty ? 'Empty and delete' : 'Delete bucket'}
        </button>
      </ModalActions>
    </form>
  )
}
