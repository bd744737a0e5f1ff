// Opening the context menus: a right-click on a row or a transfer, or the keyboard's menu key
// (or Shift+F10) on the object list, which also answers the row menu's own shortcuts.
import type { KeyboardEvent, MouseEvent } from 'react'
import { acceleratorMatches } from '../../../shared/accelerators'
import { isMac } from '../commands/shortcuts'
import { useStore } from '../store/store'
import { runRowAction } from './menu-actions'
import { ROW_SHORTCUTS } from './menu-items'

/** A right-click acts on the selection when it is part of it, else on that row alone (selecting it). */
export function openRowMenu(event: MouseEvent, id: string, visible: readonly string[]): void {
  event.preventDefault()
  event.stopPropagation()
  const state = useStore.getState()
  const inSelection = state.selection.includes(id)
  if (!inSelection) state.select(id, 'single', visible)
  const ids = inSelection ? [...state.selection] : [id]
  state.openContextMenu({ kind: 'rows', ids }, event.clientX, event.clientY)
}

export function openTransferMenu(event: MouseEvent, id: string): void {
  event.preventDefault()
  event.stopPropagation()
  useStore.getState().openContextMenu({ kind: 'transfer', id }, event.clientX, event.clientY)
}

/**
 * The object list's menu keys; true when the press was one. `anchor` is the focused row's
 * element (the menu opens below it), or the list itself.
 */
export function rowMenuKey(event: KeyboardEvent, anchor: HTMLElement | null): boolean {
  const state = useStore.getState()
  const ids = state.selection
  const one = ids.length === 1 && !ids[0]!.endsWith('/') ? ids[0]! : null
  if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
    if (ids.length === 0) return false
    const box = anchor?.getBoundingClientRect()
    state.openContextMenu({ kind: 'rows', ids: [...ids] }, (box?.left ?? 0) + 24, box?.bottom ?? 0)
    return true
  }
  if (one && acceleratorMatches(ROW_SHORTCUTS.rename, event, isMac)) {
    state.setRenameKey(one)
    return true
  }
  if (one && acceleratorMatches(ROW_SHORTCUTS.properties(isMac), event, isMac)) {
    void runRowAction('properties', [one])
    return true
  }
  return false
}
