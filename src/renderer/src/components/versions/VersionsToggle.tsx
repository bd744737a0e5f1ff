import { acceleratorLabel } from '../../../../shared/accelerators'
import { COMMAND_ACCELERATORS } from '../../../../shared/app-menu'
import { isMac } from '../../commands/shortcuts'
import { useStore } from '../../store/store'

const shortcut = acceleratorLabel(COMMAND_ACCELERATORS['show-versions']!, isMac)

/** Switches the object list to every version and delete marker of the folder's objects. */
export function VersionsToggle({ disabled }: { disabled: boolean }) {
  const show = useStore((s) => s.showVersions)
  const setShow = useStore((s) => s.setShowVersions)
  return (
    <button
      type="button"
      className={show ? 'button is-pressed' : 'button'}
      aria-pressed={show}
      title={`Show versions (${shortcut})`}
      disabled={disabled}
      onClick={() => setShow(!show)}
    >
      Show versions
    </button>
  )
}
