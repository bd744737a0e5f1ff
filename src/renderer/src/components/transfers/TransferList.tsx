import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef } from 'react'
import { TransferRow } from './TransferRow'

const ESTIMATED_ROW_HEIGHT = 52

/**
 * Ten thousand queued files stay cheap: only the rows in view (and a few around them) exist
 * in the DOM. Rows differ in height (a failed one shows its reason), so each is measured.
 */
export function TransferList({ order }: { order: string[] }) {
  const scroller = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read only during render
  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    getItemKey: (index) => order[index]!,
    overscan: 12,
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
