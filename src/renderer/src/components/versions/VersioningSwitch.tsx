import { useState } from 'react'
import type { FerryErrorValue } from '../../../../shared/errors'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'

const STATUS_TEXT = {
  enabled: 'Versioning is on: overwrites and deletes keep the earlier version.',
  suspended: 'Versioning is off (suspended): versions already kept stay until deleted.',
  unversioned: 'Versioning is off: overwrites and deletes lose the earlier object.',
} as const

/** The bucket's versioning, and the button that turns it on or off. */
export function VersioningSwitch() {
  const versioning = useStore((s) => s.versioning)
  const setVersioning = useStore((s) => s.setBucketVersioning)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FerryErrorValue | null>(null)
  if (!versioning) return null
  const on = versioning === 'enabled'
  const flip = async () => {
    setBusy(true)
    setError(null)
    const result = await setVersioning(!on)
    setBusy(false)
    if (!result.ok) setError(result.error)
  }
  return (
    <div className="versions__switch">
      <span className="muted" data-testid="versioning-status">
        {STATUS_TEXT[versioning]}
      </span>
      <button type="button" className="button" disabled={busy} onClick={() => void flip()}>
        {on ? 'Turn versioning off' : 'Turn versioning on'}
      </button>
      {error ? <ErrorNotice title="Could not change versioning" error={error} /> : null}
    </div>
  )
}
