import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../store/store'
import { Modal } from '../common/Modal'
import { UploadSheetForm } from './UploadSheetForm'
import './upload-sheet.css'

/** Opens whenever files are dropped or picked: nothing uploads before the person says so. */
export function UploadSheet() {
  const { pending, close } = useStore(
    useShallow((s) => ({ pending: s.pendingUpload, close: s.closeUploadSheet })),
  )
  return (
    <Modal open={pending !== null} onClose={close} labelledBy="upload-sheet-title" className="upload-sheet">
      {pending ? <UploadSheetForm pending={pending} titleId="upload-sheet-title" onCancel={close} /> : null}
    </Modal>
  )
}
