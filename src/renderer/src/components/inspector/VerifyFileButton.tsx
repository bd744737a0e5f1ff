import { useState } from 'react'
import type { FileComparison } from '../../../../shared/bridge/contract'
import type { FerryErrorValue } from '../../../../shared/errors'
import { ferry } from '../../bridge'
import { ErrorNotice } from '../common/ErrorNotice'

interface Props {
  target: { connectionId: string; bucket: string; key: string }
}

const VERDICTS = { true: 'Equal', false: 'Different', null: 'Cannot tell' } as const

/** Compares a local file with the object by its ETag: proof that a copy on disk is the same. */
export function VerifyFileButton({ target }: Props) {
  const [busy, setBusy] = useState(false)
  const [comparison, setComparison] = useState<FileComparison | null>(null)
  const [error, setError] = useState<FerryErrorValue | null>(null)

  const verify = async () => {
    setBusy(true)
    setError(null)
    const result = await ferry.verifyFile(target)
    setBusy(false)
    if (!result.ok) setError(result.error)
    else if (result.value) setComparison(result.value)
  }

  const verdict = comparison ? VERDICTS[String(comparison.equal) as keyof typeof VERDICTS] : null
  return (
    <section className="verify-file" aria-label="Verify">
      <button type="button" className="button" disabled={busy} onClick={() => void verify()}>
        {busy ? 'Comparing…' : 'Verify against a local file'}
      </button>
      {comparison ? (
        <p
          role="status"
          className={`verify-file__result verify-file__result--${String(comparison.equal)}`}
          title={comparison.file}
        >
          <strong>{verdict}:</strong> {comparison.file.split(/[/\\]/).pop()}, {comparison.detail}.
        </p>
      ) : null}
      {error ? (
        <ErrorNotice title="Could not compare" error={error} onDismiss={() => setError(null)} />
      ) : null}
    </section>
  )
}
