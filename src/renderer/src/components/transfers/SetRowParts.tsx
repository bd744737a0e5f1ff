// The parts of a transfers-panel row that differ for a move or copy of the window: what it
// moves ("photos/ → archive/photos/") and how far it got, in objects and bytes.
import type { SetTransferSummary } from '../../../../shared/domain/transfer'
import { setCounts } from '../../../../shared/move-words'
import { formatBytes, formatSpeed } from '../../format'
import { isActive, stateLabel } from './transfer-states'

export function SetWhat({ transfer }: { transfer: SetTransferSummary }) {
  const { label } = transfer.set
  return (
    <div className="transfer__what">
      <span className="transfer__name" title={label}>
        {label}
      </span>
      <span className="transfer__dest muted">
        {transfer.direction === 'move' ? 'Move' : 'Copy'} · {setCounts(transfer.set, transfer.direction)}
      </span>
    </div>
  )
}

export function SetHow({ transfer }: { transfer: SetTransferSummary }) {
  const { set, state } = transfer
  const running = isActive(state)
  return (
    <div className="transfer__how">
      <progress
        className="transfer__progress"
        max={Math.max(set.objectsTotal, 1)}
        value={state === 'done' ? Math.max(set.objectsTotal, 1) : set.objectsDone}
        aria-label={`${set.label} progress`}
      />
      <div className="transfer__facts">
        <span className="transfer__state">{stateLabel(transfer)}</span>
        {transfer.size > 0 ? <span className="muted">{bytes(transfer)}</span> : null}
        {running && transfer.speed > 0 ? <span className="muted">{formatSpeed(transfer.speed)}</span> : null}
      </div>
    </div>
  )
}

function bytes(t: SetTransferSummary): string {
  if (t.state === 'done' || t.bytesDone >= t.size) return formatBytes(t.bytesDone)
  return `${formatBytes(t.bytesDone)} of ${formatBytes(t.size)}${t.set.listed ? '' : '+'}`
}
