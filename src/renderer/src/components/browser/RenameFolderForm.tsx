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

/**
 * How long the dialog waits for the rename's answer: a small folder's rename (or one refused at
 * once, a name taken) answers here, in the dialog; a larger one goes on in the transfers panel.
 */
const HANDOVER_MS = 1000
const handedOver = () => new Promise<'handed-over'>((r) => setTimeout(() => r('handed-over'), HANDOVER_MS))

/** The selected folder when exactly one folder is selected: the one Rename works on. */
export function useFolderToRename(): string | null {
  return useStore((s) => (s.selection.length === 1 && s.selection[0]!.endsWith('/') ? s.selection[0]! : null))
}

/** Renames the one selected folder: a journaled move of every key under its prefix. */
export function RenameFolderDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const folder = useFolderToRename()
  return (
    <Modal open={open && folder !== null} onClose={onClose} labelledBy="rename-folder-title">
      {folder ? <RenameFolderForm folder={folder} onDone={onClose} /> : null}
    </Modal>
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
    const asked = moveRows([folderRename(folder, trimmed)])
    const result = await Promise.race([asked, handedOver()])
    // Still running: the dialog gives way and the transfers panel follows the move (and the
    // browser's notice says how it ended), so a long rename never holds the window.
    if (result === 'handed-over') return onDone()
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
