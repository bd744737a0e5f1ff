import { memo } from 'react'
import type { TransferSummary } from '../../../../shared/domain/transfer'
import { baseName, formatBytes, formatEta, formatSpeed } from '../../format'
import { openTransferMenu } from '../../context-menu/open-menu'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { CheckIcon, FileIcon, FolderIcon } from '../common/icons'
import { SignInNeeded } from './SignInNeeded'
import { ArchivedDownload, needsRestore } from '../archive/ArchivedDownload'
import {
  canCancelRow,
  canPause,
  canResume,
  canRetry,
  isActive,
  retryLabel,
  STATE_LABELS,
} from './transfer-states'
import { SetHow, SetWhat } from './SetRowParts'
import { verificationText } from '../../../../shared/verification'

interface Props {
  id: string
  /** Place in the virtualized list. */
  index: number
  count: number
  top: number
  measure: (element: HTMLElement | null) => void
}

/** Memoized: a scroll frame renders only the rows it brings into view. */
export const TransferRow = memo(function TransferRow({ id, index, count, top, measure }: Props) {
  // Each row subscribes to its own transfer: a progress event re-renders one row, not the list.
  const transfer = useStore((s) => s.transfers[id])
  const pause = useStore((s) => s.pauseTransfer)
  const resume = useStore((s) => s.resumeTransfer)
  const cancel = useStore((s) => s.cancelTransfer)
  const showInFolder = useStore((s) => s.showInFolder)
  if (!transfer) return null
  const name = 'set' in transfer ? transfer.set.label : baseName(transfer.key)
  const { state } = transfer
  const detailed =
    state === 'needs-credentials' ||
    ((state === 'failed' || state === 'waiting-network') && transfer.error !== undefined)
  return (
    <li
      ref={measure}
      data-index={index}
      className={`transfer transfer--${state}${detailed ? ' transfer--detailed' : ''}`}
      aria-label={name}
      aria-posinset={index + 1}
      aria-setsize={count}
      style={{ transform: `translateY(${top}px)` }}
      onContextMenu={(e) => openTransferMenu(e, id)}
    >
      {'set' in transfer ? (
        <>
          <FolderIcon className="transfer__icon" />
          <SetWhat transfer={transfer} />
          <SetHow transfer={transfer} />
        </>
      ) : (
        <>
          <FileIcon className="transfer__icon" />
          <div className="transfer__what">
            <span className="transfer__name" title={transfer.source}>
              {name}
            </span>
            <span className="transfer__dest muted" title={`s3://${transfer.bucket}/${transfer.key}`}>
              {transfer.direction === 'upload' ? 'to ' : 'from '}
              {transfer.bucket}/{transfer.key}
            </span>
          </div>
          <div className="transfer__how">
            <progress
              className="transfer__progress"
              max={Math.max(transfer.size, 1)}
              value={state === 'done' && transfer.size === 0 ? 1 : transfer.bytesDone}
              aria-label={`${name} progress`}
            />
            <div className="transfer__facts">
              <span className="transfer__state">{STATE_LABELS[state]}</span>
              <span className="muted">{describeBytes(transfer)}</span>
              {isActive(state) && transfer.speed > 0 ? (
                <span className="muted">{formatSpeed(transfer.speed)}</span>
              ) : null}
              {isActive(state) && transfer.speed > 0 ? (
                <span className="muted">
                  {formatEta((transfer.size - transfer.bytesDone) / transfer.speed)}
                </span>
              ) : null}
              {transfer.partsReused > 0 ? (
                <span className="muted">{transfer.partsReused} parts resumed</span>
              ) : null}
              <Verification transfer={transfer} />
            </div>
          </div>
        </>
      )}
      <div className="transfer__actions">
        {canPause(state) ? (
          <button type="button" className="button button--small" onClick={() => void pause(id)}>
            Pause
          </button>
        ) : null}
        {canResume(state) ? (
          <button type="button" className="button button--small" onClick={() => void resume(id)}>
            Resume
          </button>
        ) : null}
        {canRetry(state) ? (
          <button type="button" className="button button--small" onClick={() => void resume(id)}>
            {retryLabel(transfer)}
          </button>
        ) : null}
        {state === 'done' && transfer.direction === 'download' ? (
          <button
            type="button"
            className="button button--small"
            aria-label={`Show ${name} in folder`}
            onClick={() => void showInFolder(id)}
          >
            Show in folder
          </button>
        ) : null}
        {canCancelRow(transfer) ? (
          <button type="button" className="button button--small" onClick={() => void cancel(id)}>
            Cancel
          </button>
        ) : null}
      </div>
      {state === 'needs-credentials' ? <SignInNeeded error={transfer.error} /> : null}
      {detailed && transfer.error ? (
        <div className="transfer__error">
          <ErrorNotice error={transfer.error} />
        </div>
      ) : null}
      {needsRestore(transfer) ? <ArchivedDownload transfer={transfer} /> : null}
    </li>
  )
})

function Verification({ transfer }: { transfer: TransferSummary }) {
  const v = transfer.verification
  if (!v) return null
  if (v.verified) {
    return (
      <span className="transfer__verified" title={v.detail}>
        <CheckIcon /> {verificationText(v)}
      </span>
    )
  }
  return (
    <span className="transfer__unverified" title={v.reason}>
      {verificationText(v)}
    </span>
  )
}

function describeBytes(t: TransferSummary): string {
  if (t.state === 'done') return formatBytes(t.size)
  return `${formatBytes(t.bytesDone)} of ${formatBytes(t.size)}`
}
