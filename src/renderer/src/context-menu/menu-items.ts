// The context menus of object rows and transfers, as data: which items, which are enabled for
// what was right-clicked, and their shortcuts. The menu component draws whatever this returns.
import type { TransferSummary } from '../../../shared/domain/transfer'
import {
  canCancelRow,
  canPause,
  canResume,
  canRetry,
  retryLabel,
} from '../components/transfers/transfer-states'

export interface MenuItem<A extends string> {
  action: A
  label: string
  enabled: boolean
  /** An accelerator in Electron's syntax, shown beside the label. */
  shortcut?: string
}

export type RowAction = 'download' | 'copy-link' | 'copy-url' | 'rename' | 'delete' | 'properties'
export type TransferAction = 'pause' | 'resume' | 'cancel' | 'show-in-folder' | 'copy-error'

/** The shortcuts the object list answers itself (ObjectList), shown in the row menu. */
export const ROW_SHORTCUTS = {
  rename: 'F2',
  delete: 'Delete',
  properties: (mac: boolean) => (mac ? 'CmdOrCtrl+I' : 'Alt+Enter'),
} as const

const isFolder = (id: string) => id.endsWith('/')

/**
 * For the rows acted on (the selection when the clicked row is part of it, else that row):
 * Download and Delete take any number; the others take one object (Copy URL a folder too).
 */
export function rowMenu(ids: readonly string[], mac: boolean): MenuItem<RowAction>[] {
  const one = ids.length === 1 ? ids[0]! : null
  const oneObject = one !== null && !isFolder(one)
  const many = ids.length > 1 ? ` ${ids.length} items` : ''
  return [
    { action: 'download', label: `Download${many}`, enabled: ids.length > 0 },
    { action: 'copy-link', label: 'Copy link', enabled: oneObject },
    { action: 'copy-url', label: 'Copy URL', enabled: one !== null },
    { action: 'rename', label: 'Rename', enabled: oneObject, shortcut: ROW_SHORTCUTS.rename },
    { action: 'delete', label: `Delete${many}`, enabled: ids.length > 0, shortcut: ROW_SHORTCUTS.delete },
    {
      action: 'properties',
      label: 'Properties',
      enabled: oneObject,
      shortcut: ROW_SHORTCUTS.properties(mac),
    },
  ]
}

export function transferMenu(t: TransferSummary): MenuItem<TransferAction>[] {
  return [
    { action: 'pause', label: 'Pause', enabled: canPause(t.state) },
    {
      action: 'resume',
      label: canRetry(t.state) ? retryLabel(t) : 'Resume',
      enabled: canResume(t.state) || canRetry(t.state),
    },
    { action: 'cancel', label: 'Cancel', enabled: canCancelRow(t) },
    // Main shows a finished download's file; an upload's source is not Ferry's to reveal.
    {
      action: 'show-in-folder',
      label: 'Show in folder',
      enabled: t.direction === 'download' && t.state === 'done',
    },
    { action: 'copy-error', label: 'Copy error', enabled: t.error !== undefined },
  ]
}

/** What Copy error puts on the clipboard: enough for a bug report or a search. */
export function errorText(t: TransferSummary): string {
  const e = t.error
  if (!e) return ''
  const what = 'set' in t ? t.set.label : `s3://${t.bucket}/${t.key}`
  return `${e.message}. Fix: ${e.fix} (${e.code}; ${t.direction} ${what})`
}
