import { useLayoutEffect, useState, type RefObject } from 'react'

export interface Widths {
  /** The container's content width. */
  available: number
  /** The measured children's widths, in order. */
  items: number[]
  /** The container's column gap. */
  gap: number
}

const same = (a: Widths | null, b: Widths) =>
  a !== null &&
  a.available === b.available &&
  a.gap === b.gap &&
  a.items.length === b.items.length &&
  a.items.every((w, i) => w === b.items[i])

/**
 * The width a container offers and the natural widths of a hidden copy of what it may show,
 * remeasured when either resizes (window, zoom, fonts) or `contentKey` changes. The copy
 * lays out everything at its natural size, so what is hidden can still be measured.
 */
export function useWidths(
  container: RefObject<HTMLElement | null>,
  measurer: RefObject<HTMLElement | null>,
  contentKey: string,
): Widths | null {
  const [widths, setWidths] = useState<Widths | null>(null)
  useLayoutEffect(() => {
    const box = container.current
    const copy = measurer.current
    if (!box || !copy) return
    const measure = () => {
      const style = getComputedStyle(box)
      const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight)
      const next: Widths = {
        available: box.clientWidth - padding,
        items: Array.from(copy.children, (child) => child.getBoundingClientRect().width),
        gap: parseFloat(style.columnGap) || 0,
      }
      setWidths((before) => (same(before, next) ? before : next))
    }
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(box)
    observer.observe(copy)
    return () => observer.disconnect()
  }, [container, measurer, contentKey])
  return widths
}
