import { useState, type FormEvent } from 'react'
import type { FerryErrorValue } from '../../../../shared/errors'
import type { Settings } from '../../../../shared/settings'
import { checkSettingsDraft, draftFromSettings, type SettingsDraft } from '../../settings/settings-draft'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { IfExistsChoice } from '../upload/IfExistsChoice'
import { ModalActions } from '../common/ModalActions'

interface Props {
  titleId: string
  settings: Settings
  onDone: () => void
}

const KEEP_AWAKE: { value: Settings['keepAwake']; label: string }[] = [
  { value: 'on-ac', label: 'While transferring, on AC power' },
  { value: 'always', label: 'While transferring, also on battery' },
  { value: 'never', label: 'Never' },
]

/** Applies to transfers started after saving (running ones keep their part size and concurrency); the bandwidth limit to running ones too. */
export function SettingsForm({ titleId, settings, onDone }: Props) {
  const saveSettings = useStore((s) => s.saveSettings)
  const [draft, setDraft] = useState<SettingsDraft>(() => draftFromSettings(settings))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FerryErrorValue | null>(null)
  const check = checkSettingsDraft(draft)
  const problems = check.valid ? {} : check.problems
  const set = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }))

  const save = async (event: FormEvent) => {
    event.preventDefault()
    if (!check.valid) return
    setBusy(true)
    const result = await saveSettings(check.settings)
    setBusy(false)
    if (result.ok) onDone()
    else setError(result.error)
  }

  return (
    <form className="modal__form" onSubmit={(e) => void save(e)}>
      <header className="modal__header">
        <h2 id={titleId}>Settings</h2>
        <p className="muted">
          For transfers started from now on; a new bandwidth limit applies at once to those running too.
        </p>
      </header>
      <div className="modal__body">
        <div className="settings-form__grid">
          <NumberField
            label="Part size (MiB)"
            value={draft.partSizeMiB}
            onChange={(v) => set('partSizeMiB', v)}
            problem={problems.partSize}
            hint="5 to 5120. Larger files get larger parts (S3 allows 10,000 per object)."
          />
          <NumberField
            label="Concurrency"
            value={draft.concurrency}
            onChange={(v) => set('concurrency', v)}
            problem={problems.concurrency}
            hint="Parts in flight per file. Memory: about concurrency × part size per file."
          />
          <NumberField
            label="Bandwidth limit (MiB/s)"
            value={draft.bandwidthMiBps}
            onChange={(v) => set('bandwidthMiBps', v)}
            problem={problems.maxBytesPerSecond}
            placeholder="No limit"
            hint="All uploads together, and all downloads together: each direction at most this much, running transfers included. Blank for no limit."
          />
          <label className="field">
            <span className="field__label">Keep the computer awake</span>
            <select
              className="field__input"
              value={draft.keepAwake}
              onChange={(e) => set('keepAwake', e.target.value as Settings['keepAwake'])}
            >
              {KEEP_AWAKE.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <IfExistsChoice value={draft.ifExists} onChange={(v) => set('ifExists', v)} disabled={busy} />
        <label className="settings-form__check">
          <input
            type="checkbox"
            checked={draft.resumeOnStart}
            onChange={(e) => set('resumeOnStart', e.target.checked)}
          />
          Resume unfinished transfers when Ferry starts
        </label>
        <label className="settings-form__check">
          <input
            type="checkbox"
            checked={draft.openAtLogin}
            onChange={(e) => set('openAtLogin', e.target.checked)}
          />
          Open Ferry at login (in the tray, without a window)
        </label>
        <p className="muted settings-form__note">
          Every upload and download is verified when it finishes (the file&apos;s bytes against the
          object&apos;s ETag or checksum); there is nothing to turn on.
        </p>
        {error ? (
          <ErrorNotice title="Settings not saved" error={error} onDismiss={() => setError(null)} />
        ) : null}
      </div>
      <ModalActions onCancel={onDone}>
        <button type="submit" className="button button--primary" disabled={busy || !check.valid}>
          Save settings
        </button>
      </ModalActions>
    </form>
  )
}

interface NumberFieldProps {
  label: string
  value: string
  onChange: (value: string) => void
  problem: string | undefined
  hint: string
  placeholder?: string
}

function NumberField({ label, value, onChange, problem, hint, placeholder }: NumberFieldProps) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        className="field__input"
        inputMode="decimal"
        value={value}
        placeholder={placeholder}
        aria-invalid={problem ? true : undefined}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
      />
      {problem ? (
        <span className="field__problem">{problem}</span>
      ) : (
        <span className="field__hint muted">{hint}</span>
      )}
    </label>
  )
}
