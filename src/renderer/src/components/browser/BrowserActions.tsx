import { useRef, type CSSProperties } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { leadingThatFit, rowWidth } from '../../layout/fit'
import { useWidths } from '../../layout/use-widths'
import { useStore } from '../../store/store'
import { RefreshIcon } from '../common/icons'
import { MenuButton } from '../common/MenuButton'
import { useFolderActions, type FolderAction } from './folder-actions'

const MORE_LABEL = 'More actions'

/**
 * The folder's actions, most used first. Those that do not fit beside the path move, from
 * the end, into a More menu (on/off ones as ticked items); Refresh stays as an icon at the end.
 */
export function BrowserActions() {
  const { bucket, refresh } = useStore(useShallow((s) => ({ bucket: s.bucket, refresh: s.refresh })))
  const actions = useFolderActions()
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
  const button = (a: FolderAction, tabbable: boolean) => (
    <button
      key={a.key}
      type="button"
      className={a.pressed ? 'button is-pressed' : 'button'}
      aria-pressed={a.pressed}
      title={a.title}
      disabled={disabled || a.disabled}
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
            items={moved.map((a) => ({
              key: a.key,
              label: a.label,
              disabled: disabled || Boolean(a.disabled),
              onSelect: a.onSelect,
              ...(a.icon ? { icon: a.icon } : {}),
              ...(a.pressed === undefined ? {} : { checked: a.pressed }),
            }))}
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
