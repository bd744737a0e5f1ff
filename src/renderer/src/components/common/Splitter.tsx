import { useRef, type KeyboardEvent, type PointerEvent } from 'react'
import { clampSize, type PanelLimits } from '../../layout/panel-sizes'
import './splitter.css'

/** Arrow keys move the edge this far; with Shift, four times as far. */
const KEY_STEP = 16

interface Props {
  /** "vertical": a bar between side-by-side panes (drags left/right); "horizontal": between stacked ones. */
  orientation: 'vertical' | 'horizontal'
  label: string
  /** The id of the panel it sizes. */
  controls: string
  size: number
  limits: PanelLimits
  collapsed: boolean
  onResize: (size: number) => void
  onCollapse: (collapsed: boolean) => void
}

/**
 * The WAI-ARIA window splitter, on the start edge of the panel it sizes (the inspector's left
 * edge, the transfers panel's top edge), so moving towards the start makes the panel larger.
 * Drag it, or focus it and use the arrows, Home/End (smallest/largest) and Enter (collapse or
 * restore); a double click also collapses or restores.
 */
export function Splitter({
  orientation,
  label,
  controls,
  size,
  limits,
  collapsed,
  onResize,
  onCollapse,
}: Props) {
  const drag = useRef<{ start: number; size: number } | null>(null)
  const along = (e: { clientX: number; clientY: number }) =>
    orientation === 'vertical' ? e.clientX : e.clientY
  const resize = (next: number) => {
    onResize(clampSize(next, limits))
    if (collapsed) onCollapse(false)
  }

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return
    e.currentTarget.setPointerCapture(e.pointerId)
    drag.current = { start: along(e), size: collapsed ? limits.min : size }
    e.preventDefault()
  }
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current) resize(drag.current.size - (along(e) - drag.current.start))
  }
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    drag.current = null
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId)
  }

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? KEY_STEP * 4 : KEY_STEP
    const [grow, shrink] = orientation === 'vertical' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown']
    if (e.key === grow) resize((collapsed ? limits.min : size) + step)
    else if (e.key === shrink) resize(size - step)
    else if (e.key === 'Home') resize(limits.min)
    else if (e.key === 'End') resize(limits.max)
    else if (e.key === 'Enter') onCollapse(!collapsed)
    else return
    e.preventDefault()
  }

  return (
    <div
      className={`splitter splitter--${orientation}`}
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      aria-controls={controls}
      aria-valuemin={0}
      aria-valuemax={limits.max}
      aria-valuenow={collapsed ? 0 : size}
      aria-valuetext={collapsed ? 'collapsed' : `${size} pixels`}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={() => onCollapse(!collapsed)}
      onKeyDown={onKeyDown}
    />
  )
}
