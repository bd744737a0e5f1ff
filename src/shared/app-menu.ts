// The application menu as data: one description that main turns into the native menu
// (src/main/electron/app-menu.ts) and the page reads for its shortcuts. Pure, so a unit test
// checks what the person sees, on each platform, in a packaged build and in development.

/** Commands the page carries out: the menu relays them, and the page's shortcuts run them too. */
export const PAGE_COMMANDS = [
  'new-connection',
  'upload-files',
  'upload-folder',
  'upload-url',
  'settings',
  'refresh',
  'show-transfers',
  'show-versions',
] as const
export type PageCommand = (typeof PAGE_COMMANDS)[number]

/** Commands main carries out itself (a window is not needed for them). */
export const MAIN_COMMANDS = ['documentation', 'export-diagnostics', 'about'] as const
export type MainCommand = (typeof MAIN_COMMANDS)[number]

export type AppCommand = PageCommand | MainCommand

/** Electron's built-in roles the menu uses: text editing, windows, zoom, and the macOS app menu. */
export type MenuRole =
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'close'
  | 'quit'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'toggleDevTools'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'services'

export type MenuEntry =
  | { kind: 'command'; command: AppCommand; label: string; accelerator?: string }
  | { kind: 'role'; role: MenuRole; label?: string }
  | { kind: 'separator' }
  | { kind: 'submenu'; label: string; items: MenuEntry[]; role?: 'windowMenu' | 'help' | 'services' }

export interface MenuContext {
  /** process.platform of the app. */
  platform: string
  /** A packaged build (app.isPackaged): no developer tools in its menu. */
  packaged: boolean
}

/** Accelerators in Electron's syntax; CmdOrCtrl is Cmd on macOS, Ctrl elsewhere. */
export const COMMAND_ACCELERATORS: Partial<Record<AppCommand, string>> = {
  'new-connection': 'CmdOrCtrl+N',
  'upload-files': 'CmdOrCtrl+U',
  'upload-folder': 'CmdOrCtrl+Shift+U',
  'upload-url': 'CmdOrCtrl+Shift+L',
  settings: 'CmdOrCtrl+,',
  refresh: 'CmdOrCtrl+R',
  'show-transfers': 'CmdOrCtrl+J',
  // H for history: Ctrl+Shift+V is paste as plain text in Chromium's fields.
  'show-versions': 'CmdOrCtrl+Shift+H',
  documentation: 'F1',
}

export const isPageCommand = (value: string): value is PageCommand =>
  (PAGE_COMMANDS as readonly string[]).includes(value)

const command = (id: AppCommand, label: string): MenuEntry => {
  const accelerator = COMMAND_ACCELERATORS[id]
  return accelerator
    ? { kind: 'command', command: id, label, accelerator }
    : { kind: 'command', command: id, label }
}
const role = (r: MenuRole, label?: string): MenuEntry =>
  label ? { kind: 'role', role: r, label } : { kind: 'role', role: r }
const separator: MenuEntry = { kind: 'separator' }

export function appMenu({ platform, packaged }: MenuContext): MenuEntry[] {
  const mac = platform === 'darwin'
  const appSubmenu: MenuEntry = {
    kind: 'submenu',
    label: 'Ferry',
    items: [
      command('about', 'About Ferry'),
      separator,
      command('settings', 'Settings…'),
      separator,
      { kind: 'submenu', label: 'Services', role: 'services', items: [] },
      separator,
      role('hide', 'Hide Ferry'),
      role('hideOthers'),
      role('unhide'),
      separator,
      role('quit', 'Quit Ferry'),
    ],
  }
  const file: MenuEntry = {
    kind: 'submenu',
    label: 'File',
    items: [
      command('new-connection', 'New Connection…'),
      separator,
      command('upload-files', 'Upload Files…'),
      command('upload-folder', 'Upload Folder…'),
      command('upload-url', 'Upload from URL…'),
      separator,
      // On macOS Settings sits in the app menu; elsewhere in File, above Close and Quit.
      ...(mac ? [] : [command('settings', 'Settings…'), separator]),
      role('close', 'Close Window'),
      ...(mac ? [] : [role('quit', 'Quit')]),
    ],
  }
  const edit: MenuEntry = {
    kind: 'submenu',
    label: 'Edit',
    items: [
      role('undo'),
      role('redo'),
      separator,
      role('cut'),
      role('copy'),
      role('paste'),
      ...(mac ? [role('pasteAndMatchStyle')] : []),
      role('delete'),
      separator,
      role('selectAll'),
    ],
  }
  const view: MenuEntry = {
    kind: 'submenu',
    label: 'View',
    items: [
      command('refresh', 'Refresh'),
      command('show-transfers', 'Show Transfers'),
      // A switch: a second time goes back to the objects.
      command('show-versions', 'Show Versions'),
      separator,
      role('resetZoom'),
      role('zoomIn'),
      role('zoomOut'),
      separator,
      role('togglefullscreen'),
      ...(packaged ? [] : [separator, role('toggleDevTools')]),
    ],
  }
  const window: MenuEntry = {
    kind: 'submenu',
    label: 'Window',
    role: 'windowMenu',
    items: [role('minimize'), role('zoom'), ...(mac ? [separator, role('front')] : [])],
  }
  const help: MenuEntry = {
    kind: 'submenu',
    label: 'Help',
    role: 'help',
    items: [
      command('documentation', 'Ferry Documentation'),
      command('export-diagnostics', 'Export Diagnostics…'),
      // macOS has About in the app menu.
      ...(mac ? [] : [separator, command('about', 'About Ferry')]),
    ],
  }
  return mac ? [appSubmenu, file, edit, view, window, help] : [file, edit, view, window, help]
}

/** Every entry of a menu, submenus included, depth first. */
export function* menuEntries(entries: readonly MenuEntry[]): Generator<MenuEntry> {
  for (const entry of entries) {
    yield entry
    if (entry.kind === 'submenu') yield* menuEntries(entry.items)
  }
}

/** What About shows: the versions a bug report needs. */
export function aboutText(versions: Record<string, string | undefined>, platform: string): string {
  const lines = Object.entries(versions)
    .filter(([, v]) => v)
    .map(([name, v]) => `${name} ${v}`)
  return [...lines, `Platform ${platform}`].join('\n')
}
