import { useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { baseName } from '../../format'
import { folderNameProblem, folderRename } from '../../store/move-plan'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { FolderNameField } from './FolderNameField'
import { Modal } from '../common/Modal'
import { ModalActions } from '../common/ModalActions'
import type { FerryErrorValue } from '../../../../shared/errors'

/** Renames the one selected folder: a journaled move of every key under its prefix. */
export function RenameFolderButton() {
  const folder = useStore((s) =>
    s.selection.length === 1 && s.selection[0]!.endsWith('/') ? s.selection[0]! : null,
  )
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className="button" disabled={!folder} onClick={() => setOpen(true)}>
        Rename
      </button>
      <Modal open={open && folder !== null} onClose={() => setOpen(false)} labelledBy="rename-folder-title">
        {folder ? <RenameFolderForm folder={folder} onDone={() => setOpen(false)} /> : null}
      </Modal>
    </>
  )
}

function RenameFolderForm({ folder, onDone }: { folder: string; onDone: () => void }) {
  const { bucket, moveRows } = useStore(useShallow((s) => ({ bucket: s.bucket, moveRows: s.moveRows })))
  const [name, setName] = useState(baseName(folder))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FerryErrorValue | null>(null)
  const trimmed = name.trim()
  const problem = folderNameProblem(trimmed)
  const unchanged = trimmed === baseName(folder)

  const rename = async (event: FormEvent) => {
    event.preventDefault()
    if (problem || unchanged) return
    setBusy(true)
    const result = await moveRows([folderRename(folder, trimmed)])
    setBusy(false)
    if (!result.ok) setError(result.error)
    else if (result.value.errors[0]) setError(result.value.errors[0])
    else onDone()
  }

  return (
    <form className="modal__form" onSubmit={(e) => void rename(e)}>
      <header className="modal__header">
        <h2 id="rename-folder-title">Rename folder</h2>
        <p className="muted">
          {bucket}/{folder}: every object in it moves to the new name, checked before the old one is deleted.
        </p>
      </header>
      <FolderNameField
        id="rename-folder-name"
        label="New name"
        value={name}
        problem={problem}
        onChange={setName}
      />
      {error ? <ErrorNotice title="Could not rename the folder" error={error} /> : null}
      <ModalActions onCancel={onDone}>
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || Boolean(problem) || unchanged}
        >
          {busy ? 'Renaming…' : 'Rename'}
        </button>
      </ModalActions>
    </form>
  )
}
