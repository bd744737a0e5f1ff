import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../store/store'

/** Narrows the open folder to names containing the text (case-insensitive). */
export function FilterBox() {
  const { filter, setFilter, bucket } = useStore(
    useShallow((s) => ({ filter: s.filter, setFilter: s.setFilter, bucket: s.bucket })),
  )
  return (
    <label className="filter-box">
      <span className="filter-box__label visually-hidden">Filter</span>
      <input
        className="field__input filter-box__input"
        type="search"
        value={filter}
        disabled={!bucket}
        placeholder="Filter names"
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => setFilter(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setFilter('')
        }}
      />
    </label>
  )
}
