import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../store/store'
import { Modal } from '../common/Modal'
import { DeleteConfirm } from '../inspector/DeleteConfirm'

/** The confirmation the Delete key opens in the object list: nothing goes without it. */
export function DeleteRequestDialog() {
  const { ids, askDelete } = useStore(useShallow((s) => ({ ids: s.deleteRequest, askDelete: s.askDelete })))
  const close = () => askDelete(null)
  return (
    <Modal open={ids !== null} onClose={close} labelledBy="delete-request-title">
      {ids ? <DeleteConfirm ids={ids} titleId="delete-request-title" onDone={close} /> : null}
    </Modal>
  )
}
