import { useState, type FormEvent } from 'react'
import {
  describeArchiveState,
  RESTORE_TIERS,
  type ArchiveState,
  type RestoreTier,
} from '../../../../shared/archive'
import type { FerryErrorValue } from '../../../../shared/errors'
import { ferry } from '../../bridge'
import { ErrorNotice } from '../common/ErrorNotice'

interface Props {
  target: { connectionId: string; bucket: string; key: string }
  archive: ArchiveState
  /** Read the object again, for the restore's new status. */
  onChanged: () => void
}

const STARTED = {
  started: 'Restore started. It takes minutes (Expedited) to hours (Standard, Bulk).',
  extended: 'Already restored: the copy is now kept for the days given.',
  'in-progress': 'A restore is already in progress.',
} as const

/** An archived object's state, and Restore… with the days to keep the copy and the tier. */
export function ArchivePanel({ target, archive, onChanged }: Props) {
  const [open, setOpen] = useState(false)
  const [days, setDays] = useState('7')
  const [tier, setTier] = useState<RestoreTier>('Standard')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FerryErrorValue | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const daysValid = /^\d+$/.test(days) && Number(days) >= 1

  const restore = async (event: FormEvent) => {
    event.preventDefault()
    if (!daysValid) return
    setBusy(true)
    setError(null)
    const result = await ferry.restoreArchived({ ...target, days: Number(days), tier })
    setBusy(false)
    if (!result.ok) {
      setError(result.error)
      return
    }
    setDone(STARTED[result.value.status])
    setOpen(false)
    onChanged()
  }

  return (
    <section className="inspector__section" aria-label="Archive">
      <p className="inspector__archive" data-testid="archive-state">
        {describeArchiveState(archive)}
      </p>
      {done ? <p className="muted">{done}</p> : null}
      {archive.kind !== 'restoring' && !open ? (
        <button type="button" className="button" onClick={() => setOpen(true)}>
          Restore…
        </button>
      ) : null}
      {open ? (
        <form className="inspector__restore" onSubmit={(e) => void restore(e)}>
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
          {!daysValid ? (
            <span className="field__problem">Give a whole number of days, at least 1.</span>
          ) : null}
          <div className="inspector__row">
            <button type="button" className="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" disabled={busy || !daysValid}>
              {busy ? 'Restoring…' : 'Restore'}
            </button>
          </div>
        </form>
      ) : null}
      {error ? <ErrorNotice title="Could not restore the object" error={error} /> : null}
    </section>
  )
}
