import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../store/store'
import type { SortColumn } from '../../store/view-slice'

const COLUMNS: { column: SortColumn; label: string; numeric?: boolean }[] = [
  { column: 'name', label: 'Name' },
  { column: 'size', label: 'Size', numeric: true },
  { column: 'lastModified', label: 'Last modified' },
  { column: 'storageClass', label: 'Storage class' },
]

/** Each header sorts by its column; a second click reverses the order. */
export function ColumnHeaders() {
  const { sort, sortBy } = useStore(useShallow((s) => ({ sort: s.sort, sortBy: s.sortBy })))
  return (
    <div role="rowgroup" className="object-table__head">
      <div role="row" className="object-row object-row--head" aria-rowindex={1}>
        {COLUMNS.map(({ column, label, numeric }) => {
          const active = sort.column === column
          return (
            <span
              key={column}
              role="columnheader"
              aria-sort={active ? sort.direction : 'none'}
              className={numeric ? 'object-row__num' : undefined}
            >
              <button type="button" className="column-sort" onClick={() => sortBy(column)}>
                {label}
                <span className="column-sort__arrow" aria-hidden="true">
                  {active ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                </span>
              </button>
            </span>
          )
        })}
      </div>
    </div>
  )
}
