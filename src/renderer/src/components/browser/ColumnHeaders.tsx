import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../store/store'
import type { SortColumn } from '../../store/view-slice'

/** `cell` names the column's class, which a narrow list hides (browser.css). */
const COLUMNS: { column: SortColumn; label: string; cell: string }[] = [
  { column: 'name', label: 'Name', cell: 'object-row__name' },
  { column: 'size', label: 'Size', cell: 'object-row__num' },
  { column: 'lastModified', label: 'Last modified', cell: 'object-row__date' },
  { column: 'storageClass', label: 'Storage class', cell: 'object-row__class' },
]

/** Each header sorts by its column; a second click reverses the order. */
export function ColumnHeaders() {
  const { sort, sortBy } = useStore(useShallow((s) => ({ sort: s.sort, sortBy: s.sortBy })))
  return (
    <div role="rowgroup" className="object-table__head">
      <div role="row" className="object-row object-row--head" aria-rowindex={1}>
        {COLUMNS.map(({ column, label, cell }) => {
          const active = sort.column === column
          return (
            <span
              key={column}
              role="columnheader"
              aria-sort={active ? sort.direction : 'none'}
              className={cell}
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
