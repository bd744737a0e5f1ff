import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { FolderIcon } from '../common/icons'

/** Pinned buckets and folders, on any connection: one click opens them. */
export function PinnedList() {
  const { pins, error, connections, openPin, unpin } = useStore(
    useShallow((s) => ({
      pins: s.pins,
      error: s.pinsError,
      connections: s.connections,
      openPin: s.openPin,
      unpin: s.unpin,
    })),
  )
  if (pins.length === 0 && !error) return null
  const nameOf = (id: string) => connections.find((c) => c.id === id)?.name ?? '?'
  return (
    <nav className="sidebar__section" aria-labelledby="pinned-heading">
      <div className="sidebar__heading">
        <h2 id="pinned-heading">Pinned</h2>
      </div>
      {error ? <ErrorNotice title="Pins" error={error} /> : null}
      <ul className="sidebar__list">
        {pins.map((p) => {
          const label = `${p.bucket}/${p.prefix}`
          return (
            <li key={`${p.connectionId}\n${label}`} className="sidebar__item">
              <button
                type="button"
                className="sidebar__item-main"
                title={`${nameOf(p.connectionId)}: s3://${label}`}
                onClick={() => void openPin(p)}
              >
                <FolderIcon />
                <span className="sidebar__item-name">{label}</span>
              </button>
              <button
                type="button"
                className="icon-button sidebar__item-action"
                aria-label={`Unpin ${label}`}
                title="Unpin"
                onClick={() => void unpin(p)}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
