import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef } from 'react'
import { TransferRow } from './TransferRow'

/** A row without details is exactly this tall (transfers.css sets the same height). */
export const ROW_HEIGHT = 52

/**
 * Ten thousand queued files stay cheap: only the rows in view (and a few around them) exist
 * in the DOM. A row with details (a failure's reason) is taller, so each row is measured; the
 * others measure exactly as estimated, which costs the virtualizer nothing (a size that
 * differs from the estimate makes it recompute every row's offset).
 */
export function TransferList({ order }: { order: string[] }) {
  const scroller = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read only during render
  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => order[index]!,
    // A few rows either side cover a wheel step between the scroll and the render that
    // follows it; each row more is one more row to style, lay out and paint in every frame
    // of a fast scroll, when every row in the DOM is new (e2e/measure-*.spec.ts).
    overscan: 4,
    // React batches scroll updates itself; flushSync on every scroll event made each one a
    // synchronous render inside the event, which with a long list added up to long tasks.
    useFlushSync: false,
  })
  return (
    <div ref={scroller} className="transfers__scroll">
      <ul className="transfers__list" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => (
          <TransferRow
            key={item.key}
            id={order[item.index]!}
            index={item.index}
            count={order.length}
            top={item.start}
            measure={virtualizer.measureElement}
          />
        ))}
      </ul>
    </div>
  )
}
