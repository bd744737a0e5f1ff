import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { RefreshIcon } from '../common/icons'
import { Inspector } from '../inspector/Inspector'
import { SyncButton } from '../sync/SyncButton'
import { DeleteRequestDialog } from './DeleteRequestDialog'
import { DropTarget } from './DropTarget'
import { FilterBox } from './FilterBox'
import { IncompleteUploadsButton } from './IncompleteUploadsButton'
import { NewFolderButton } from './NewFolderButton'
import { MoveStatusNotice } from './MoveStatusNotice'
import { ObjectList } from './ObjectList'
import { RenameFolderButton } from './RenameFolderButton'
import { UploadButton } from './UploadButton'
import { UploadFromUrlButton } from './UploadFromUrl'
import { VersionList } from '../versions/VersionList'
import { VersionsToggle } from '../versions/VersionsToggle'
import { FindButton } from '../find/FindDialog'
import { PathBar } from '../find/PathBar'
import { PinButton } from '../find/PinButton'
import '../find/find.css'
import './browser.css'

export function ObjectBrowser() {
  const { hasConnection, bucket, status, error, refresh, folderCount, objectCount, complete, showVersions } =
    useStore(
      useShallow((s) => ({
        hasConnection: s.selectedConnectionId !== null,
        bucket: s.bucket,
        status: s.listStatus,
        error: s.listError,
        refresh: s.refresh,
        folderCount: s.folders.length,
        objectCount: s.objects.length,
        complete: s.nextToken === null,
        showVersions: s.showVersions,
      })),
    )

  return (
    <section className="browser" aria-label="Object browser">
      <header className="browser__toolbar">
        <PathBar />
        <span className="browser__count muted">
          {bucket && status === 'ready' ? describeCount(folderCount, objectCount, complete) : null}
        </span>
        {status === 'loading' ? <span className="spinner" aria-label="Loading" /> : null}
        <FilterBox />
        <FindButton />
        <PinButton />
        <NewFolderButton disabled={!bucket} />
        <RenameFolderButton />
        <UploadButton disabled={!bucket} />
        <UploadFromUrlButton disabled={!bucket} />
        <SyncButton disabled={!bucket} />
        <IncompleteUploadsButton disabled={!bucket} />
        <VersionsToggle disabled={!bucket} />
        {/* An icon alone: the toolbar holds seven actions and the path at 1280 px. */}
        <button
          type="button"
          className="button"
          disabled={!bucket}
          onClick={refresh}
          aria-label="Refresh"
          title="Refresh"
        >
          <RefreshIcon />
        </button>
      </header>
      {error ? (
        <div className="browser__error">
          <ErrorNotice title="Could not list this folder" error={error} />
        </div>
      ) : null}
      {bucket ? <MoveStatusNotice /> : null}
      {bucket ? (
        <div className="browser__content">
          {showVersions ? (
            <VersionList />
          ) : (
            <DropTarget>
              <ObjectList />
            </DropTarget>
          )}
          <Inspector />
          <DeleteRequestDialog />
        </div>
      ) : (
        <Placeholder hasConnection={hasConnection} />
      )}
    </section>
  )
}

function Placeholder({ hasConnection }: { hasConnection: boolean }) {
  return (
    <div className="browser__placeholder">
      <p className="browser__placeholder-title">{hasConnection ? 'Pick a bucket' : 'No connection'}</p>
      <p className="muted">
        {hasConnection
          ? 'Choose a bucket on the left to see its folders and objects.'
          : 'Add a connection on the left to start.'}
      </p>
    </div>
  )
}

function describeCount(folders: number, objects: number, complete: boolean): string {
  const parts: string[] = []
  if (folders) parts.push(`${folders.toLocaleString()} folder${folders === 1 ? '' : 's'}`)
  parts.push(`${objects.toLocaleString()} object${objects === 1 ? '' : 's'}`)
  return parts.join(', ') + (complete ? '' : ' so far')
}
