import { useStore } from '../../store/store'

/** Sync a local folder with the open folder of the bucket, either way, after seeing the plan. */
export function SyncButton({ disabled }: { disabled: boolean }) {
  const open = useStore((s) => s.openSyncSheet)
  return (
    <button type="button" className="button" disabled={disabled} onClick={open}>
      Sync...
    </button>
  )
}
