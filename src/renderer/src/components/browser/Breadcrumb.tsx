import { useRef, type CSSProperties, type ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { middleCrumbsToHide, rowWidth } from '../../layout/fit'
import { useWidths } from '../../layout/use-widths'
import { useStore } from '../../store/store'
import { BucketIcon, ChevronIcon, FolderIcon } from '../common/icons'
import { MenuButton } from '../common/MenuButton'
import { useRowDrop } from './row-drag'

/** A crumb opens its folder on a click, and takes rows and files dropped on it. */
function DropCrumb({ folder, current, title, children }: CrumbProps) {
  const openPrefix = useStore((s) => s.openPrefix)
  const drop = useRowDrop(folder, { files: true })
  return (
    <button
      type="button"
      className={drop.over ? 'breadcrumb__crumb is-move-target' : 'breadcrumb__crumb'}
      aria-current={current ? 'page' : undefined}
      title={title}
      data-crumb-prefix={folder}
      onClick={() => openPrefix(folder)}
      {...drop.handlers}
    >
      {children}
    </button>
  )
}

/** The measuring copy of a crumb: the same box, and nothing to click, focus or drop on. */
function MeasuredCrumb({ current, children }: CrumbProps) {
  return (
    <button
      type="button"
      className="breadcrumb__crumb"
      aria-current={current ? 'page' : undefined}
      tabIndex={-1}
    >
      {children}
    </button>
  )
}

interface CrumbProps {
  folder: string
  current: boolean
  title?: string
  children: ReactNode
}

interface Crumb {
  label: string
  /** The prefix it opens: '' for the bucket. */
  target: string
}

/**
 * The bucket, then one crumb per folder of the open prefix; each crumb opens its folder. The
 * bucket and the open folder always show; when the path is wider than the room, the folders
 * between them collapse into a "…" crumb whose menu lists them.
 */
export function Breadcrumb() {
  const { bucket, prefix, openPrefix } = useStore(
    useShallow((s) => ({ bucket: s.bucket, prefix: s.prefix, openPrefix: s.openPrefix })),
  )
  const container = useRef<HTMLElement>(null)
  const measurer = useRef<HTMLOListElement>(null)
  const segments = prefix.split('/').filter(Boolean)
  const crumbs: Crumb[] = [
    { label: bucket ?? '', target: '' },
    ...segments.map((label, i) => ({ label, target: segments.slice(0, i + 1).join('/') + '/' })),
  ]
  const widths = useWidths(container, measurer, `${bucket}/${prefix}`)
  // The copy's last child is the "…" crumb; the others are the crumbs, in order.
  const measured = widths && widths.items.length === crumbs.length + 1 ? widths : null
  const hide = measured
    ? middleCrumbsToHide(measured.items.slice(0, -1), measured.available, measured.items.at(-1)!)
    : 0
  const hidden = crumbs.slice(1, 1 + hide)
  const shown = [crumbs[0]!, ...crumbs.slice(1 + hide)]
  // The toolbar keeps room for the whole path, up to a share of its width, and never less
  // than the bucket, "…" and the open folder (toolbar.css), before it moves actions into More.
  const style = measured
    ? ({
        '--crumbs-width': `${Math.ceil(rowWidth(measured.items.slice(0, -1), 0))}px`,
        '--crumbs-min': `${Math.ceil(shortestPath(measured.items))}px`,
      } as CSSProperties)
    : undefined

  if (!bucket) return <div className="breadcrumb" />
  const last = crumbs.length - 1
  const crumb = (c: Crumb, index: number, Button: typeof DropCrumb) => (
    <li key={c.target} className={index === 0 || index === last ? 'breadcrumb__end' : undefined}>
      {index > 0 ? <ChevronIcon className="breadcrumb__separator" /> : null}
      <Button folder={c.target} current={index === last} title={index === 0 ? `s3://${c.label}` : c.target}>
        {index === 0 ? <BucketIcon /> : null}
        <span className="breadcrumb__label">{c.label}</span>
      </Button>
    </li>
  )
  return (
    <nav ref={container} className="breadcrumb" aria-label="Breadcrumb" style={style}>
      <ol>
        {crumb(shown[0]!, 0, DropCrumb)}
        {hidden.length > 0 ? (
          <li>
            <ChevronIcon className="breadcrumb__separator" />
            <MenuButton
              label={`${hidden.length} more folder${hidden.length === 1 ? '' : 's'}`}
              className="breadcrumb__crumb breadcrumb__more"
              items={hidden.map((c) => ({
                key: c.target,
                label: c.label,
                icon: <FolderIcon className="breadcrumb__folder-icon" />,
                onSelect: () => openPrefix(c.target),
              }))}
            >
              …
            </MenuButton>
          </li>
        ) : null}
        {shown.slice(1).map((c) => crumb(c, crumbs.indexOf(c), DropCrumb))}
      </ol>
      {/* Every crumb at its natural width, out of sight, for measuring. */}
      <ol ref={measurer} className="breadcrumb__measure" aria-hidden="true" inert>
        {crumbs.map((c, i) => crumb(c, i, MeasuredCrumb))}
        <li>
          <ChevronIcon className="breadcrumb__separator" />
          <span className="breadcrumb__crumb breadcrumb__more">…</span>
        </li>
      </ol>
    </nav>
  )
}

/** The narrowest complete path: bucket, "…" and open folder (or the whole path when shorter). */
function shortestPath(widths: number[]): number {
  const crumbs = widths.slice(0, -1)
  const all = crumbs.reduce((a, b) => a + b, 0)
  if (crumbs.length <= 2) return all
  return Math.min(all, crumbs[0]! + widths.at(-1)! + crumbs.at(-1)!)
}
