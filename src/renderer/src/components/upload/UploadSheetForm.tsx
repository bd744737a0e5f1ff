import { useEffect, useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { UploadPlan } from '../../../../shared/bridge/contract'
import type { IfExists } from '../../../../shared/domain/transfer'
import type { FerryErrorValue } from '../../../../shared/errors'
import { ferry } from '../../bridge'
import { formatBytes } from '../../format'
import { checkDraft, draftHeaders, emptyDraft, type MetadataDraft } from '../../metadata/metadata-draft'
import {
  loadLastSkip,
  loadLastUploadSettings,
  saveLastSkip,
  saveLastUploadSettings,
  skipPatterns,
} from '../../metadata/last-upload-settings'
import { useStore } from '../../store/store'
import type { PendingUpload } from '../../store/upload-sheet-slice'
import { ErrorNotice } from '../common/ErrorNotice'
import { MetadataForm } from '../metadata/MetadataForm'
import { IfExistsChoice } from './IfExistsChoice'
import { ProtectionFields } from './ProtectionFields'
import { emptyProtection, protectionOf } from '../../upload/protection-draft'
import { encryptionDraftOf } from '../../upload/connection-encryption-draft'
import { PlannedFiles } from './PlannedFiles'
import { SkipField } from './SkipField'

interface Props {
  pending: PendingUpload
  titleId: string
  onCancel: () => void
}

type Plan =
  { kind: 'loading' } | { kind: 'ready'; plan: UploadPlan } | { kind: 'error'; error: FerryErrorValue }

export function UploadSheetForm({ pending, titleId, onCancel }: Props) {
  const { bucket, upload, close } = useStore(
    useShallow((s) => ({ bucket: s.bucket, upload: s.upload, close: s.closeUploadSheet })),
  )
  const [plan, setPlan] = useState<Plan>({ kind: 'loading' })
  const [draft, setDraft] = useState<MetadataDraft>(emptyDraft)
  // The settings' default policy; the sheet may override it for this upload.
  const [ifExists, setIfExists] = useState<IfExists>(() => useStore.getState().settings?.ifExists ?? 'fail')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FerryErrorValue | null>(null)
  const [last] = useState(loadLastUploadSettings)
  const [skip, setSkip] = useState(loadLastSkip)
  const exclude = skipPatterns(skip)
  const excludeKey = exclude.join('\n')
  const [planned, setPlanned] = useState<string | null>(null)
  // The connection's default encryption, shown chosen; the sheet may choose otherwise.
  const connectionDefault = useStore(
    (s) => s.connections.find((c) => c.id === s.selectedConnectionId)?.encryption,
  )
  const [protection, setProtection] = useState(() => ({
    ...emptyProtection,
    ...encryptionDraftOf(connectionDefault),
  }))
  const protected_ = protectionOf(protection)

  useEffect(() => {
    let current = true
    // Typing a pattern re-reads the folders once the typing pauses, not at every key.
    const timer = setTimeout(
      () => {
        setPlan({ kind: 'loading' })
        const patterns = excludeKey === '' ? [] : excludeKey.split('\n')
        void ferry
          .planUpload({ prefix: pending.prefix, paths: pending.paths, exclude: patterns })
          .then((result) => {
            if (!current) return
            setPlanned(excludeKey)
            setPlan(
              result.ok ? { kind: 'ready', plan: result.value } : { kind: 'error', error: result.error },
            )
          })
      },
      planned === null ? 0 : 300,
    )
    return () => {
      current = false
      clearTimeout(timer)
    }
    // `planned` only picks the delay; a new plan is wanted when the files or the patterns change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pending, excludeKey])

  const check = checkDraft(draft)
  const start = async (event: FormEvent) => {
    event.preventDefault()
    // The list shown must be the one that goes: no upload while a new plan is on its way.
    if (!check.valid || !protected_.ok || plan.kind !== 'ready' || planned !== excludeKey) return
    setBusy(true)
    const result = await upload({
      paths: pending.paths,
      prefix: pending.prefix,
      headers: { ...draftHeaders(draft), ...protected_.headers },
      ifExists,
      exclude,
      ...(protected_.keyFile ? { customerKeyFile: protected_.keyFile } : {}),
      ...(protection.encryption === 'none' && connectionDefault ? { encryptionNone: true as const } : {}),
    })
    setBusy(false)
    if (!result.ok) {
      setError(result.error)
      return
    }
    saveLastUploadSettings({ draft, ifExists })
    saveLastSkip(skip)
    close()
  }

  const applyLast = () => {
    if (!last) return
    setDraft(last.draft)
    setIfExists(last.ifExists)
  }

  const where = `${bucket ?? ''}/${pending.prefix}`
  return (
    <form className="modal__form" onSubmit={(e) => void start(e)}>
      <header className="modal__header">
        <h2 id={titleId}>Upload to {where}</h2>
        <p className="muted">
          {plan.kind === 'ready'
            ? `${plan.plan.fileCount.toLocaleString('en-US')} file${plan.plan.fileCount === 1 ? '' : 's'}, ${formatBytes(plan.plan.totalBytes)}`
            : plan.kind === 'loading'
              ? 'Reading the files…'
              : 'These files cannot be uploaded.'}
        </p>
      </header>
      <div className="modal__body">
        {plan.kind === 'error' ? <ErrorNotice title="Cannot upload" error={plan.error} /> : null}
        {plan.kind === 'ready' ? <PlannedFiles plan={plan.plan} /> : null}
        <SkipField value={skip} onChange={setSkip} disabled={busy} />
        <MetadataForm
          draft={draft}
          onChange={setDraft}
          contentTypeHint="Detected from each file name"
          disabled={busy}
        />
        <ProtectionFields
          value={protection}
          onChange={setProtection}
          disabled={busy}
          problem={protected_.ok ? undefined : protected_.problem}
        />
        <IfExistsChoice value={ifExists} onChange={setIfExists} disabled={busy} />
        {error ? (
          <ErrorNotice title="Could not start" error={error} onDismiss={() => setError(null)} />
        ) : null}
      </div>
      <footer className="modal__actions">
        <button
          type="button"
          className="button"
          disabled={!last || busy}
          title={last ? undefined : 'No earlier upload in this window'}
          onClick={applyLast}
        >
          Apply last metadata
        </button>
        <span className="modal__spacer" />
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || !check.valid || !protected_.ok || plan.kind !== 'ready' || planned !== excludeKey}
        >
          Start upload
        </button>
      </footer>
    </form>
  )
}
