// Everything the menus open, mounted once beside the app: the context menu itself, the Rename
// form a row's menu opens, the Upload from URL dialog (also opened by its toolbar button and
// the File menu), and the notice an action leaves ("Link copied").
import { useCallback, useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { Modal } from '../components/common/Modal'
import { CopyRenameForm } from '../components/inspector/CopyRenameForm'
import { UploadFromUrlDialog } from '../components/browser/UploadFromUrl'
import { isMac } from '../commands/shortcuts'
import { useStore } from '../store/store'
import { ContextMenu } from './ContextMenu'
import { runRowAction, runTransferAction } from './menu-actions'
import { rowMenu, transferMenu } from './menu-items'
import './context-menu.css'

const NOTICE_MS = 4000

export function MenusHost() {
  const { contextMenu, transfer, renameKey, notice, close, setRenameKey, showNotice } = useStore(
    useShallow((s) => ({
      contextMenu: s.contextMenu,
      transfer: s.contextMenu?.target.kind === 'transfer' ? s.transfers[s.contextMenu.target.id] : undefined,
      renameKey: s.renameKey,
      notice: s.notice,
      close: s.closeContextMenu,
      setRenameKey: s.setRenameKey,
      showNotice: s.showNotice,
    })),
  )
  const onClose = useCallback(() => close(), [close])

  useEffect(() => {
    if (!notice) return
    const timer = setTimeout(() => showNotice(null), NOTICE_MS)
    return () => clearTimeout(timer)
  }, [notice, showNotice])

  const target = contextMenu?.target
  return (
    <>
      {contextMenu && target?.kind === 'rows' ? (
        <ContextMenu
          label={
            target.ids.length === 1
              ? `Actions for ${target.ids[0]}`
              : `Actions for ${target.ids.length} items`
          }
          items={rowMenu(target.ids, isMac)}
          x={contextMenu.x}
          y={contextMenu.y}
          onPick={(action) => void runRowAction(action, target.ids)}
          onClose={onClose}
        />
      ) : null}
      {contextMenu && target?.kind === 'transfer' && transfer ? (
        <ContextMenu
          label={`Actions for the transfer of ${transfer.key}`}
          items={transferMenu(transfer)}
          x={contextMenu.x}
          y={contextMenu.y}
          onPick={(action) => void runTransferAction(action, target.id)}
          onClose={onClose}
        />
      ) : null}
      <Modal open={renameKey !== null} onClose={() => setRenameKey(null)} labelledBy="menu-rename-title">
        {renameKey !== null ? (
          <CopyRenameForm
            objectKey={renameKey}
            titleId="menu-rename-title"
            onDone={() => setRenameKey(null)}
          />
        ) : null}
      </Modal>
      <UploadFromUrlDialog />
      <div className="menu-notice" role="status" aria-live="polite">
        {notice ? <span className="menu-notice__text">{notice}</span> : null}
      </div>
    </>
  )
}
