import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { BucketIcon, PencilIcon, PlusIcon, RefreshIcon, ServerIcon } from '../common/icons'
import { DeleteBucketButton, NewBucketButton } from './BucketDialogs'
import { PinnedList } from '../find/PinnedList'
import './sidebar.css'

export function Sidebar() {
  return (
    <aside className="sidebar">
      <div className="sidebar__brand" aria-hidden="true">
        <span className="sidebar__logo">F</span>
        Ferry
      </div>
      <ConnectionList />
      <PinnedList />
      <BucketList />
      <SettingsButton />
    </aside>
  )
}

function SettingsButton() {
  const openSettings = useStore((s) => s.openSettings)
  return (
    <button type="button" className="button sidebar__settings" onClick={() => openSettings(true)}>
      Settings
    </button>
  )
}

function ConnectionList() {
  const { connections, status, error, selectedId, selectConnection, openEditor } = useStore(
    useShallow((s) => ({
      connections: s.connections,
      status: s.connectionsStatus,
      error: s.connectionsError,
      selectedId: s.selectedConnectionId,
      selectConnection: s.selectConnection,
      openEditor: s.openEditor,
    })),
  )
  return (
    <nav className="sidebar__section" aria-labelledby="connections-heading">
      <div className="sidebar__heading">
        <h2 id="connections-heading">Connections</h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Add connection"
          title="Add connection"
          onClick={() => openEditor({ mode: 'new' })}
        >
          <PlusIcon />
        </button>
      </div>
      {error ? <ErrorNotice title="Could not load connections" error={error} /> : null}
      {status === 'ready' && connections.length === 0 ? (
        <p className="sidebar__empty">No connections yet. Add one to browse a bucket.</p>
      ) : null}
      <ul className="sidebar__list">
        {connections.map((c) => (
          <li key={c.id} className={c.id === selectedId ? 'sidebar__item is-selected' : 'sidebar__item'}>
            <button
              type="button"
              className="sidebar__item-main"
              aria-current={c.id === selectedId ? 'true' : undefined}
              title={c.endpoint || 'Amazon S3'}
              onClick={() => void selectConnection(c.id)}
            >
              <ServerIcon />
              <span className="sidebar__item-name">{c.name}</span>
            </button>
            <button
              type="button"
              className="icon-button sidebar__item-action"
              aria-label={`Edit ${c.name}`}
              title="Edit connection"
              onClick={() => openEditor({ mode: 'edit', id: c.id })}
            >
              <PencilIcon />
            </button>
          </li>
        ))}
      </ul>
    </nav>
  )
}

function BucketList() {
  const { connection, buckets, status, error, openBucket, openBucketName, loadBuckets } = useStore(
    useShallow((s) => ({
      connection: s.connections.find((c) => c.id === s.selectedConnectionId),
      buckets: s.buckets,
      status: s.bucketsStatus,
      error: s.bucketsError,
      openBucket: s.openBucket,
      openBucketName: s.bucket,
      loadBuckets: s.loadBuckets,
    })),
  )
  if (!connection) return null
  return (
    <nav className="sidebar__section sidebar__section--grow" aria-labelledby="buckets-heading">
      <div className="sidebar__heading">
        <h2 id="buckets-heading">Buckets</h2>
        {status === 'loading' ? <span className="spinner" aria-label="Loading buckets" /> : null}
        <NewBucketButton />
        <button
          type="button"
          className="icon-button"
          aria-label="Refresh buckets"
          title="Refresh buckets"
          onClick={() => void loadBuckets()}
        >
          <RefreshIcon />
        </button>
      </div>
      {error ? <ErrorNotice title="Could not list buckets" error={error} /> : null}
      {status === 'ready' && buckets.length === 0 ? (
        <p className="sidebar__empty">This account has no buckets.</p>
      ) : null}
      <ul className="sidebar__list sidebar__list--scroll">
        {buckets.map((b) => (
          <li
            key={b.name}
            className={b.name === openBucketName ? 'sidebar__item is-selected' : 'sidebar__item'}
          >
            <button
              type="button"
              className="sidebar__item-main"
              aria-current={b.name === openBucketName ? 'true' : undefined}
              onClick={() => openBucket(b.name)}
            >
              <BucketIcon />
              <span className="sidebar__item-name">{b.name}</span>
            </button>
            <DeleteBucketButton bucket={b.name} />
          </li>
        ))}
      </ul>
    </nav>
  )
}
