import type { ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { acceleratorLabel } from '../../../../shared/accelerators'
import { COMMAND_ACCELERATORS } from '../../../../shared/app-menu'
import { isMac } from '../../commands/shortcuts'
import { useStore } from '../../store/store'
import { PlusIcon, UploadIcon } from '../common/icons'
import { useFolderToRename } from './RenameFolderForm'

/** One action of the folder's toolbar, shown as a button or, when it does not fit, a More item. */
export interface FolderAction {
  key: string
  label: string
  icon?: ReactNode
  /** Why it is what it is, or its shortcut. */
  title?: string
  /** Set for an on/off action: a pressed button, or a ticked menu item. */
  pressed?: boolean
  /** Set when the action has its own condition on top of an open bucket. */
  disabled?: boolean
  onSelect: () => void
}

const versionsShortcut = acceleratorLabel(COMMAND_ACCELERATORS['show-versions']!, isMac)

/** The folder's actions, most used first: the toolbar moves those at the end into More first. */
export function useFolderActions(): FolderAction[] {
  const s = useStore(
    useShallow((s) => ({
      pickAndUpload: s.pickAndUpload,
      openSync: s.openSyncSheet,
      openDialog: s.openBrowserDialog,
      openUrlDialog: s.openUrlDialog,
      showVersions: s.showVersions,
      setShowVersions: s.setShowVersions,
      pin: s.pins.find(
        (p) => p.connectionId === s.selectedConnectionId && p.bucket === s.bucket && p.prefix === s.prefix,
      ),
      pinHere: s.pinHere,
      unpin: s.unpin,
    })),
  )
  const folder = useFolderToRename()
  const pin = s.pin
  return [
    {
      key: 'upload',
      label: 'Upload...',
      icon: <UploadIcon />,
      onSelect: () => void s.pickAndUpload('files'),
    },
    {
      key: 'new-folder',
      label: 'New folder',
      icon: <PlusIcon />,
      onSelect: () => s.openDialog('new-folder'),
    },
    { key: 'find', label: 'Find…', onSelect: () => s.openDialog('find') },
    {
      key: 'versions',
      label: 'Show versions',
      title: `Show versions (${versionsShortcut})`,
      pressed: s.showVersions,
      onSelect: () => s.setShowVersions(!s.showVersions),
    },
    {
      key: 'rename',
      label: 'Rename',
      title: folder ? `Rename ${folder}` : 'Select one folder to rename it',
      disabled: !folder,
      onSelect: () => s.openDialog('rename-folder'),
    },
    {
      key: 'pin',
      label: pin ? 'Pinned' : 'Pin',
      title: pin ? 'Unpin this folder from the sidebar' : 'Pin this folder in the sidebar',
      pressed: pin !== undefined,
      onSelect: () => void (pin ? s.unpin(pin) : s.pinHere()),
    },
    { key: 'sync', label: 'Sync...', onSelect: s.openSync },
    {
      key: 'upload-url',
      label: 'Upload from URL…',
      icon: <UploadIcon />,
      onSelect: () => s.openUrlDialog(true),
    },
    { key: 'incomplete', label: 'Incomplete uploads', onSelect: () => s.openDialog('incomplete-uploads') },
  ]
}
