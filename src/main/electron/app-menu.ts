// The native application menu, built from the menu's data (src/shared/app-menu.ts). Page
// commands show their accelerator without registering it on Windows and Linux: the page
// handles the key itself, so the two never both fire.
import { Menu, type MenuItemConstructorOptions } from 'electron'
import { appMenu, isPageCommand, type AppCommand, type MenuEntry } from '../../shared/app-menu'

export function installAppMenu(
  context: { platform: string; packaged: boolean },
  onCommand: (command: AppCommand, triggeredByAccelerator: boolean) => void,
): void {
  const toOptions = (entry: MenuEntry): MenuItemConstructorOptions => {
    switch (entry.kind) {
      case 'separator':
        return { type: 'separator' }
      case 'role':
        return entry.label ? { role: entry.role, label: entry.label } : { role: entry.role }
      case 'submenu':
        return entry.role === 'services'
          ? { role: 'services', label: entry.label }
          : {
              label: entry.label,
              ...(entry.role ? { role: entry.role } : {}),
              submenu: entry.items.map(toOptions),
            }
      case 'command':
        return {
          label: entry.label,
          ...(entry.accelerator ? { accelerator: entry.accelerator } : {}),
          ...(isPageCommand(entry.command) ? { registerAccelerator: false } : {}),
          click: (_item, _window, event) => onCommand(entry.command, event.triggeredByAccelerator === true),
        }
    }
  }
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenu(context).map(toOptions)))
}
