// What each page command does: from the application menu (relayed by main), and from the
// page's own shortcuts. Commands that need an open bucket say so instead of doing nothing.
import { assertNever } from '../../../shared/errors'
import type { PageCommand } from '../../../shared/app-menu'
import { useStore } from '../store/store'

const needsBucket = () => {
  const { bucket, showNotice } = useStore.getState()
  if (bucket) return false
  showNotice('Open a bucket first: pick one on the left.')
  return true
}

/** Brings the transfers panel into view and puts the keyboard there. */
function showTransfers(): void {
  const panel = document.querySelector<HTMLElement>('section.transfers')
  if (!panel) return
  panel.scrollIntoView({ block: 'nearest' })
  if (panel.tabIndex < 0 && !panel.hasAttribute('tabindex')) panel.tabIndex = -1
  panel.focus()
}

export function runPageCommand(command: PageCommand): void {
  const state = useStore.getState()
  switch (command) {
    case 'new-connection':
      return state.openEditor({ mode: 'new' })
    case 'upload-files':
      if (!needsBucket()) void state.pickAndUpload('files')
      return
    case 'upload-folder':
      if (!needsBucket()) void state.pickAndUpload('folder')
      return
    case 'upload-url':
      if (!needsBucket()) state.openUrlDialog(true)
      return
    case 'settings':
      return state.openSettings(true)
    case 'refresh':
      if (!needsBucket()) state.refresh()
      return
    case 'show-transfers':
      return showTransfers()
    case 'show-versions':
      if (!needsBucket()) state.setShowVersions(!state.showVersions)
      return
    default:
      return assertNever(command)
  }
}
