import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { Modal } from '../common/Modal'
import { SyncOutcomeView } from './SyncOutcomeView'
import { SyncPlanDetails } from './SyncPlanDetails'
import { SyncSetup } from './SyncSetup'
import './sync-sheet.css'

const TITLE_ID = 'sync-sheet-title'

/** Sync...: choose, see the plan, confirm; nothing moves before the confirmation. */
export function SyncSheet() {
  const { sheet, bucket, close, plan, confirm, setOptions } = useStore(
    useShallow((s) => ({
      sheet: s.syncSheet,
      bucket: s.bucket,
      close: s.closeSyncSheet,
      plan: s.planSync,
      confirm: s.confirmSync,
      setOptions: s.setSyncOptions,
    })),
  )
  const stage = sheet?.stage
  const shown = stage && stage.kind !== 'setup' && stage.kind !== 'planning' ? stage.plan : null
  const moving = shown ? shown.totals.upload.files + shown.totals.download.files : 0
  const deleting = sheet?.deleteExtras && shown ? shown.totals.delete.files : 0
  return (
    <Modal open={sheet !== null} onClose={close} labelledBy={TITLE_ID} className="sync-sheet">
      {sheet && stage ? (
        <form
          className="modal__form"
          aria-busy={stage.kind === 'planning' || stage.kind === 'running'}
          onSubmit={(e) => {
            e.preventDefault()
            if (stage.kind === 'setup') void plan()
            else if (stage.kind === 'plan') void confirm()
          }}
        >
          <header className="modal__header">
            <h2 id={TITLE_ID}>
              Sync {bucket ?? ''}/{sheet.prefix}
            </h2>
            <p className="muted">
              Makes the destination match the source. Nothing moves until you confirm the plan.
            </p>
          </header>
          <div className="modal__body">
            <SyncSetup sheet={sheet} />
            {stage.kind === 'planning' ? (
              <p className="sync-sheet__status" role="status">
                Listing both sides…
              </p>
            ) : null}
            {shown ? (
              <SyncPlanDetails
                plan={shown}
                deleteExtras={sheet.deleteExtras}
                locked={stage.kind !== 'plan'}
                finished={stage.kind === 'done' && stage.outcome.deletionsHeld === undefined}
                onDeleteExtras={(deleteExtras) => setOptions({ deleteExtras })}
              />
            ) : null}
            {stage.kind === 'running' ? (
              <p className="sync-sheet__status" role="status">
                Syncing… each file shows in the Transfers panel.
              </p>
            ) : null}
            {stage.kind === 'done' ? <SyncOutcomeView outcome={stage.outcome} /> : null}
            {sheet.error ? <ErrorNotice title="Could not sync" error={sheet.error} /> : null}
          </div>
          <footer className="modal__actions">
            <span className="modal__spacer" />
            <button type="button" className="button" onClick={close}>
              {stage.kind === 'done' || stage.kind === 'running' ? 'Close' : 'Cancel'}
            </button>
            {stage.kind === 'setup' || stage.kind === 'planning' ? (
              <button
                type="submit"
                className="button button--primary"
                disabled={!sheet.folder || stage.kind === 'planning'}
              >
                Review plan
              </button>
            ) : null}
            {stage.kind === 'plan' ? (
              <button type="submit" className="button button--primary" disabled={moving + deleting === 0}>
                {confirmLabel(moving, deleting)}
              </button>
            ) : null}
          </footer>
        </form>
      ) : null}
    </Modal>
  )
}

function confirmLabel(moving: number, deleting: number): string {
  if (moving + deleting === 0) return 'Nothing to sync'
  const parts: string[] = []
  if (moving) parts.push(`copy ${moving.toLocaleString('en-US')} file${moving === 1 ? '' : 's'}`)
  if (deleting) parts.push(`delete ${deleting.toLocaleString('en-US')}`)
  const text = parts.join(', ')
  return `Sync: ${text}`
}
