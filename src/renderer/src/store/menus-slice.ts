import type { SliceCreator } from './types'

export type MenuTarget = { kind: 'rows'; ids: string[] } | { kind: 'transfer'; id: string }

/** The open context menu, the dialogs menus open, and the short notice an action leaves. */
export interface MenusSlice {
  contextMenu: { target: MenuTarget; x: number; y: number } | null
  /** The object a row menu's Rename is for. */
  renameKey: string | null
  urlDialogOpen: boolean
  notice: string | null

  openContextMenu(target: MenuTarget, x: number, y: number): void
  closeContextMenu(): void
  setRenameKey(key: string | null): void
  openUrlDialog(open: boolean): void
  showNotice(text: string | null): void
}

export const createMenusSlice: SliceCreator<MenusSlice> = (set) => ({
  contextMenu: null,
  renameKey: null,
  urlDialogOpen: false,
  notice: null,

  openContextMenu(target, x, y) {
    set({ contextMenu: { target, x, y } })
  },
  closeContextMenu() {
    set({ contextMenu: null })
  },
  setRenameKey(key) {
    set({ renameKey: key })
  },
  openUrlDialog(open) {
    set({ urlDialogOpen: open })
  },
  showNotice(text) {
    set({ notice: text })
  },
})
