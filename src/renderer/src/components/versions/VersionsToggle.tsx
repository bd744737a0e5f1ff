import { useStore } from '../../store/store'

/** Switches the object list to every version and delete marker of the folder's objects. */
export function VersionsToggle({ disabled }: { disabled: boolean }) {
  const show = useStore((s) => s.showVersions)
  const setShow = useStore((s) => s.setShowVersions)
  return (
    <button
      type="button"
      className={show ? 'button is-pressed' : 'button'}
      aria-pressed={show}
      disabled={disabled}
      onClick={() => setShow(!show)}
    >
      Show versions
    </button>
  )
}
