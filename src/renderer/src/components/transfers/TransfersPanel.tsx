import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { TransferState } from '../../../../shared/domain/transfer'
import { FINISHED_STATES } from '../../../../shared/transfer-groups'
import { useStore } from '../../store/store'
import { TRANSFERS_HEIGHT } from '../../layout/panel-sizes'
import { ErrorNotice } from '../common/ErrorNotice'
import { PanelToggle } from '../common/PanelToggle'
import { Splitter } from '../common/Splitter'
import { CancelAllConfirm, cancellableCount } from './CancelAllConfirm'
import { TransferList } from './TransferList'
import { canPause, canResume, isActive } from './transfer-states'
import './transfers.css'

const PANEL_ID = 'transfers'

/** Every transfer, newest first; its top edge resizes it, and it collapses to its header. */
export function TransfersPanel() {
  const {
    order,
    error,
    reportError,
    summary,
    pausable,
    resumable,
    finished,
    cancellable,
    pauseAll,
    resumeAll,
    clearFinished,
    panels,
    setPanels,
  } = useStore(
    useShallow((s) => {
      const present = (Object.keys(s.transferCounts) as TransferState[]).filter(
        (state) => (s.transferCounts[state] ?? 0) > 0,
      )
      return {
        order: s.transferOrder,
        error: s.transfersError,
        reportError: s.reportTransfersError,
        summary: summarize(s.transferCounts),
        pausable: present.some(canPause),
        resumable: present.some(canResume),
        finished: present.some((state) => FINISHED_STATES.has(state)),
        cancellable: cancellableCount(s.transferCounts),
        pauseAll: s.pauseAllTransfers,
        resumeAll: s.resumeAllTransfers,
        clearFinished: s.clearFinishedTransfers,
        panels: s.panels,
        setPanels: s.setPanels,
      }
    }),
  )
  const [confirmCancel, setConfirmCancel] = useState(false)
  const collapsed = panels.transfersCollapsed
  const collapse = (transfersCollapsed: boolean) => setPanels({ transfersCollapsed })
  return (
    <>
      <Splitter
        orientation="horizontal"
        label="Resize transfers"
        controls={PANEL_ID}
        size={panels.transfersHeight}
        limits={TRANSFERS_HEIGHT}
        collapsed={collapsed}
        onResize={(transfersHeight) => setPanels({ transfersHeight })}
        onCollapse={collapse}
      />
      <section
        id={PANEL_ID}
        className={collapsed ? 'transfers transfers--collapsed' : 'transfers'}
        aria-labelledby="transfers-heading"
        // The browser above keeps the room it needs: the panel gives way on short windows.
        style={collapsed ? undefined : { height: `min(${panels.transfersHeight}px, 45vh)` }}
      >
        <header className="transfers__header">
          <h2 id="transfers-heading">Transfers</h2>
          <span className="transfers__summary muted" title={summary || undefined}>
            {summary}
          </span>
          <span className="transfers__spacer" />
          <HeaderButton verb="Pause" rest=" all" disabled={!pausable} onClick={() => void pauseAll()} />
          <HeaderButton verb="Resume" rest=" all" disabled={!resumable} onClick={() => void resumeAll()} />
          <HeaderButton
            verb="Cancel"
            rest=" all"
            disabled={cancellable === 0}
            onClick={() => setConfirmCancel(true)}
          />
          <HeaderButton
            verb="Clear"
            rest=" finished"
            disabled={!finished}
            onClick={() => void clearFinished()}
          />
          <PanelToggle
            panel="transfers"
            expanded={!collapsed}
            chevronClass={collapsed ? 'transfers__toggle is-collapsed' : 'transfers__toggle'}
            onToggle={(expanded) => collapse(!expanded)}
          />
        </header>
        <CancelAllConfirm count={cancellable} open={confirmCancel} onClose={() => setConfirmCancel(false)} />
        {collapsed ? null : (
          <>
            {error ? (
              <div className="transfers__error">
                <ErrorNotice error={error} onDismiss={() => reportError(null)} />
              </div>
            ) : null}
            {order.length === 0 ? (
              <p className="transfers__empty muted">
                No transfers yet. Drop files on the object browser to upload them.
              </p>
            ) : (
              <TransferList order={order} />
            )}
          </>
        )}
      </section>
    </>
  )
}

/**
 * A header button: its whole label ("Pause all"), shortened to its verb in a narrow panel
 * (transfers.css), its name whole for assistive technology.
 */
function HeaderButton({
  verb,
  rest,
  disabled,
  onClick,
}: {
  verb: string
  rest: string
  disabled: boolean
  onClick: () => void
}) {
  return (
    <button
      type="button"
      className="button button--small"
      disabled={disabled}
      onClick={onClick}
      aria-label={verb + rest}
    >
      {verb}
      <span className="transfers__wide">{rest}</span>
    </button>
  )
}

/** "2 active · 1 paused · 5 done · 1 failed", as one string so the selector stays shallow-comparable. */
function summarize(counts: Partial<Record<TransferState, number>>): string {
  const states = Object.keys(counts) as TransferState[]
  if (states.every((state) => !counts[state])) return ''
  const count = (pick: (state: TransferState) => boolean) =>
    states.filter(pick).reduce((n, state) => n + (counts[state] ?? 0), 0)
  const active = count(isActive)
  const done = counts.done ?? 0
  const paused = counts.paused ?? 0
  const failed = counts.failed ?? 0
  const parts = [`${active} active`]
  if (paused) parts.push(`${paused} paused`)
  parts.push(`${done} done`)
  if (failed) parts.push(`${failed} failed`)
  return parts.join(' · ')
}
