import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { Inspector } from '../inspector/Inspector'
import { BrowserActions } from './BrowserActions'
import { BrowserDialogs } from './BrowserDialogs'
import { DeleteRequestDialog } from './DeleteRequestDialog'
import { DropTarget } from './DropTarget'
import { FilterBox } from './FilterBox'
import { MoveStatusNotice } from './MoveStatusNotice'
import { ObjectList } from './ObjectList'
import { VersionList } from '../versions/VersionList'
import { PathBar } from '../find/PathBar'
import '../find/find.css'
import './browser.css'
import './toolbar.css'

export function ObjectBrowser() {
  const { hasConnection, bucket, status, error, folderCount, objectCount, complete, showVersions } = useStore(
    useShallow((s) => ({
      hasConnection: s.selectedConnectionId !== null,
      bucket: s.bucket,
      status: s.listStatus,
      error: s.listError,
      folderCount: s.folders.length,
      objectCount: s.objects.length,
      complete: s.nextToken === null,
      showVersions: s.showVersions,
    })),
  )

  return (
    <section className="browser" aria-label="Object browser">
      <header className="browser__toolbar">
        <div className="browser__toolbar-row">
          <PathBar />
          <span className="browser__count muted">
            {bucket && status === 'ready' ? describeCount(folderCount, objectCount, complete) : null}
          </span>
          {status === 'loading' ? <span className="spinner" role="status" aria-label="Loading" /> : null}
          <FilterBox />
          <BrowserActions />
        </div>
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
      <BrowserDialogs />
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
