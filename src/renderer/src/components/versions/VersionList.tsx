import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { ObjectVersion } from '../../../../shared/domain/versions'
import { baseName } from '../../format'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { FolderIcon } from '../common/icons'
import { Modal } from '../common/Modal'
import { DeleteVersionConfirm } from './DeleteVersionConfirm'
import { VersionRow } from './VersionRow'
import { VersioningSwitch } from './VersioningSwitch'
import './versions.css'

/** The open folder's objects, each with every version and delete marker, newest first. */
export function VersionList() {
  const { bucket, prefix, versions, folders, status, error, next, load, openLocation } = useStore(
    useShallow((s) => ({
      bucket: s.bucket,
      prefix: s.prefix,
      versions: s.versions,
      folders: s.versionFolders,
      status: s.versionsStatus,
      error: s.versionsError,
      next: s.versionsNext,
      load: s.loadVersions,
      openLocation: s.openLocation,
    })),
  )
  const [deleting, setDeleting] = useState<ObjectVersion | null>(null)
  useEffect(() => {
    void load()
  }, [bucket, prefix, load])

  return (
    <div className="versions" aria-label="Versions">
      <VersioningSwitch />
      {error ? <ErrorNotice title="Could not list the versions" error={error} /> : null}
      <div className="versions__table" role="table" aria-label="Object versions">
        <div role="row" className="versions__row versions__row--head">
          <span role="columnheader">Name</span>
          <span role="columnheader">Version</span>
          <span role="columnheader">Size</span>
          <span role="columnheader">Modified</span>
          <span role="columnheader">ETag</span>
          <span role="columnheader">
            <span className="visually-hidden">Actions</span>
          </span>
        </div>
        {folders.map((f) => (
          <div role="row" key={f} className="versions__row">
            <span role="cell" className="versions__name">
              <button
                type="button"
                className="button button--small"
                onClick={() => bucket && openLocation(bucket, f)}
              >
                <FolderIcon /> {baseName(f)}/
              </button>
            </span>
          </div>
        ))}
        {versions.map((v) => (
          <VersionRow key={`${v.key}\n${v.versionId}`} version={v} onDelete={() => setDeleting(v)} />
        ))}
      </div>
      {status === 'ready' && versions.length === 0 && folders.length === 0 ? (
        <p className="muted versions__empty">No objects or versions in this folder.</p>
      ) : null}
      {status === 'loading' ? <span className="spinner" aria-label="Loading versions" /> : null}
      {next && status !== 'loading' ? (
        <button type="button" className="button" onClick={() => void load(true)}>
          Load more versions
        </button>
      ) : null}
      <Modal open={deleting !== null} onClose={() => setDeleting(null)} labelledBy="delete-version-title">
        {deleting ? (
          <DeleteVersionConfirm
            version={deleting}
            titleId="delete-version-title"
            onDone={() => setDeleting(null)}
          />
        ) : null}
      </Modal>
    </div>
  )
}
