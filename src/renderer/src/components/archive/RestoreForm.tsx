import { useState, type FormEvent } from 'react'
import { RESTORE_TIERS, type RestoreTier } from '../../../../shared/archive'
import type { FerryErrorValue } from '../../../../shared/errors'
import { ferry } from '../../bridge'
import { ErrorNotice } from '../common/ErrorNotice'

export type RestoreStatus = 'started' | 'extended' | 'in-progress'

/** What each answer to a restore means, for the person who asked. */
export const RESTORE_STATUS_TEXT: Record<RestoreStatus, string> = {
  started: 'Restore started. It takes minutes (Expedited) to hours (Standard, Bulk).',
  extended: 'Already restored: the copy is now kept for the days given.',
  'in-progress': 'A restore is already in progress.',
}

interface Props {
  target: { connectionId: string; bucket: string; key: string }
  onRestored: (status: RestoreStatus) => void
  onCancel: () => void
}

/** Restore… of an archived object: how many days to keep the readable copy, and the tier. */
export function RestoreForm({ target, onRestored, onCancel }: Props) {
  const [days, setDays] = useState('7')
  const [tier, setTier] = useState<RestoreTier>('Standard')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FerryErrorValue | null>(null)
  const daysValid = /^\d+$/.test(days) && Number(days) >= 1

  const restore = async (event: FormEvent) => {
    event.preventDefault()
    if (!daysValid) return
    setBusy(true)
    setError(null)
    const result = await ferry.restoreArchived({ ...target, days: Number(days), tier })
    setBusy(false)
    if (!result.ok) setError(result.error)
    else onRestored(result.value.status)
  }

  return (
    <form className="restore-form" aria-label="Restore" onSubmit={(e) => void restore(e)}>
      <label className="field">
        <span className="field__label">Keep the restored copy for (days)</span>
        <input
          className="field__input"
          inputMode="numeric"
          value={days}
          aria-invalid={daysValid ? undefined : true}
          onChange={(e) => setDays(e.target.value)}
        />
      </label>
      <label className="field">
        <span className="field__label">Tier</span>
        <select
          className="field__input"
          value={tier}
          onChange={(e) => setTier(e.target.value as RestoreTier)}
        >
          {RESTORE_TIERS.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      {!daysValid ? <span className="field__problem">Give a whole number of days, at least 1.</span> : null}
      <div className="restore-form__actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={busy || !daysValid}>
          {busy ? 'Restoring…' : 'Restore'}
        </button>
      </div>
      {error ? <ErrorNotice title="Could not restore the object" error={error} /> : null}
    </form>
  )
}
