import { useStore } from '../../store/store'
import { UploadIcon } from '../common/icons'

/** The OS file dialog, for people who do not drag (or cannot). */
export function UploadButton({ disabled }: { disabled: boolean }) {
  const pickAndUpload = useStore((s) => s.pickAndUpload)
  return (
    <button type="button" className="button" disabled={disabled} onClick={() => void pickAndUpload('files')}>
      <UploadIcon />
      Upload...
    </button>
  )
}
