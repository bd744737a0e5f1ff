import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../store/store'
import { Modal } from '../common/Modal'
import { IncompleteUploadsPanel } from './IncompleteUploadsPanel'
import { FindForm } from '../find/FindDialog'
import { NewFolderForm } from './NewFolderForm'
import { RenameFolderDialog } from './RenameFolderForm'

/**
 * The dialogs the toolbar opens, whether from its buttons or from its More menu (Upload from
 * URL is in MenusHost: the File menu opens it too).
 */
export function BrowserDialogs() {
  const { dialog, openDialog } = useStore(
    useShallow((s) => ({ dialog: s.browserDialog, openDialog: s.openBrowserDialog })),
  )
  const close = () => openDialog(null)
  return (
    <>
      <Modal open={dialog === 'new-folder'} onClose={close} labelledBy="new-folder-title">
        <NewFolderForm titleId="new-folder-title" onDone={close} />
      </Modal>
      <Modal
        open={dialog === 'incomplete-uploads'}
        onClose={close}
        labelledBy="incomplete-uploads-title"
        className="incomplete-uploads"
      >
        <IncompleteUploadsPanel titleId="incomplete-uploads-title" onClose={close} />
      </Modal>
      <Modal open={dialog === 'find'} onClose={close} labelledBy="find-title">
        <FindForm onDone={close} />
      </Modal>
      <RenameFolderDialog open={dialog === 'rename-folder'} onClose={close} />
    </>
  )
}
