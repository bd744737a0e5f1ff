import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../store/store'

/** Pins the open bucket or folder in the sidebar, or unpins it. */
export function PinButton() {
  const { pinned, bucket, pinHere, unpin, here } = useStore(
    useShallow((s) => {
      const here = s.pins.find(
        (p) => p.connectionId === s.selectedConnectionId && p.bucket === s.bucket && p.prefix === s.prefix,
      )
      return { pinned: here !== undefined, here, bucket: s.bucket, pinHere: s.pinHere, unpin: s.unpin }
    }),
  )
  return (
    <button
      type="button"
      className="button"
      disabled={!bucket}
      aria-pressed={pinned}
      onClick={() => void (here ? unpin(here) : pinHere())}
    >
      {pinned ? 'Pinned' : 'Pin'}
    </button>
  )
}
