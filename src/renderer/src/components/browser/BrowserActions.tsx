import { useRef, type CSSProperties, type ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { leadingThatFit, rowWidth } from '../../layout/fit'
import { useWidths } from '../../layout/use-widths'
import { useStore } from '../../store/store'
import { PlusIcon, RefreshIcon, UploadIcon } from '../common/icons'
import { MenuButton } from '../common/MenuButton'

interface Action {
  key: string
  label: string
  icon?: ReactNode
  onSelect: () => void
}

const MORE_LABEL = 'More actions'

/**
 * The folder's actions, most used first. Those that do not fit beside the path move, from
 * the end, into a More menu; Refresh stays as an icon at the end.
 */
export function BrowserActions() {
  const { bucket, refresh, pickAndUpload, openSync, openDialog, openUrlDialog } = useStore(
    useShallow((s) => ({
      bucket: s.bucket,
      refresh: s.refresh,
      pickAndUpload: s.pickAndUpload,
      openSync: s.openSyncSheet,
      openDialog: s.openBrowserDialog,
      openUrlDialog: s.openUrlDialog,
    })),
  )
  const actions: Action[] = [
    { key: 'upload', label: 'Upload...', icon: <UploadIcon />, onSelect: () => void pickAndUpload('files') },
    { key: 'new-folder', label: 'New folder', icon: <PlusIcon />, onSelect: () => openDialog('new-folder') },
    { key: 'sync', label: 'Sync...', onSelect: openSync },
    {
      key: 'upload-url',
      label: 'Upload from URL…',
      icon: <UploadIcon />,
      onSelect: () => openUrlDialog(true),
    },
    { key: 'incomplete', label: 'Incomplete uploads', onSelect: () => openDialog('incomplete-uploads') },
  ]
  const container = useRef<HTMLDivElement>(null)
  const measurer = useRef<HTMLDivElement>(null)
  const widths = useWidths(container, measurer, actions.map((a) => a.label).join('|'))
  // The copy holds every action, then the More button.
  const measured = widths && widths.items.length === actions.length + 1 ? widths : null
  const fit = measured
    ? leadingThatFit(measured.items.slice(0, -1), measured.available, measured.gap, measured.items.at(-1)!)
    : actions.length
  const shown = actions.slice(0, fit)
  const moved = actions.slice(fit)
  // The row asks for its full width; the toolbar shrinks it when the path needs the room.
  const style = measured
    ? ({
        '--actions-width': `${Math.ceil(rowWidth(measured.items.slice(0, -1), measured.gap))}px`,
      } as CSSProperties)
    : undefined
  const disabled = !bucket
  const button = (a: Action, tabbable: boolean) => (
    <button
      key={a.key}
      type="button"
      className="button"
      disabled={disabled}
      tabIndex={tabbable ? undefined : -1}
      onClick={tabbable ? a.onSelect : undefined}
    >
      {a.icon}
      {a.label}
    </button>
  )
  return (
    <>
      <div
        ref={container}
        className="browser__actions"
        role="group"
        aria-label="Folder actions"
        style={style}
      >
        {shown.map((a) => button(a, true))}
        {moved.length > 0 ? (
          <MenuButton
            label={MORE_LABEL}
            className="button"
            align="end"
            items={moved.map((a) => ({ ...a, disabled }))}
          >
            More
          </MenuButton>
        ) : null}
        <div ref={measurer} className="browser__actions-measure" aria-hidden="true" inert>
          {actions.map((a) => button(a, false))}
          <span className="button">More</span>
        </div>
      </div>
      {/* An icon alone: it is on every file manager's toolbar. */}
      <button
        type="button"
        className="button browser__refresh"
        disabled={disabled}
        onClick={refresh}
        aria-label="Refresh"
        title="Refresh"
      >
        <RefreshIcon />
      </button>
    </>
  )
}
