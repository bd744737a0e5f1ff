import { describe, expect, it } from 'vitest'
import { appMenu, COMMAND_ACCELERATORS, menuEntries, PAGE_COMMANDS, type MenuEntry } from './app-menu'

const labels = (entries: MenuEntry[]) =>
  entries.map((e) =>
    e.kind === 'separator' ? '-' : e.kind === 'role' ? (e.label ?? `(${e.role})`) : e.label,
  )
const submenu = (entries: MenuEntry[], label: string) => {
  const found = entries.find((e) => e.kind === 'submenu' && e.label === label)
  if (!found || found.kind !== 'submenu') throw new Error(`no ${label} menu`)
  return found.items
}
const roles = (entries: MenuEntry[]) =>
  [...menuEntries(entries)].flatMap((e) => (e.kind === 'role' ? [e.role] : []))

describe('the application menu', () => {
  it('has File, Edit, View, Window and Help on Windows and Linux, with the app menu only on macOS', () => {
    expect(labels(appMenu({ platform: 'linux', packaged: true }))).toEqual([
      'File',
      'Edit',
      'View',
      'Window',
      'Help',
    ])
    expect(labels(appMenu({ platform: 'win32', packaged: true }))).toEqual([
      'File',
      'Edit',
      'View',
      'Window',
      'Help',
    ])
    expect(labels(appMenu({ platform: 'darwin', packaged: true }))).toEqual([
      'Ferry',
      'File',
      'Edit',
      'View',
      'Window',
      'Help',
    ])
  })

  it('offers the File commands, Settings and Close Window, and Quit outside macOS', () => {
    const linux = appMenu({ platform: 'linux', packaged: true })
    const uploads = ['New Connection…', '-', 'Upload Files…', 'Upload Folder…', 'Upload from URL…', '-']
    expect(labels(submenu(linux, 'File'))).toEqual([...uploads, 'Settings…', '-', 'Close Window', 'Quit'])
    const mac = appMenu({ platform: 'darwin', packaged: true })
    expect(labels(submenu(mac, 'File'))).toEqual([...uploads, 'Close Window'])
    expect(labels(submenu(mac, 'Ferry'))).toContain('About Ferry')
    expect(labels(submenu(mac, 'Ferry'))).toContain('Quit Ferry')
  })

  it('has Refresh, Show Transfers and Show Versions in View, and documentation, diagnostics and About in Help', () => {
    const menu = appMenu({ platform: 'win32', packaged: true })
    expect(labels(submenu(menu, 'View')).slice(0, 3)).toEqual(['Refresh', 'Show Transfers', 'Show Versions'])
    expect(labels(submenu(menu, 'Help'))).toEqual([
      'Ferry Documentation',
      'Export Diagnostics…',
      '-',
      'About Ferry',
    ])
    expect(labels(submenu(appMenu({ platform: 'darwin', packaged: true }), 'Help'))).toEqual([
      'Ferry Documentation',
      'Export Diagnostics…',
    ])
  })

  it('has no developer tools in a packaged build, and has them in development', () => {
    for (const platform of ['linux', 'win32', 'darwin']) {
      expect(roles(appMenu({ platform, packaged: true }))).not.toContain('toggleDevTools')
      expect(roles(appMenu({ platform, packaged: false }))).toContain('toggleDevTools')
      // Nor Electron's default "Learn More" or reload items.
      const all = JSON.stringify(appMenu({ platform, packaged: true }))
      expect(all).not.toMatch(/Learn More|reload/i)
    }
  })

  it('shows an accelerator on every page command, each used once, none clashing with an edit role', () => {
    const menu = appMenu({ platform: 'linux', packaged: true })
    const commands = [...menuEntries(menu)].flatMap((e) => (e.kind === 'command' ? [e] : []))
    for (const command of PAGE_COMMANDS) {
      const entry = commands.find((c) => c.command === command)
      expect(entry?.accelerator, command).toBe(COMMAND_ACCELERATORS[command])
      expect(entry?.accelerator, command).toBeTruthy()
    }
    const accelerators = Object.values(COMMAND_ACCELERATORS)
    expect(new Set(accelerators).size).toBe(accelerators.length)
    // Cut, copy, paste, select all, undo, close and quit keep their platform keys.
    for (const taken of [
      'CmdOrCtrl+X',
      'CmdOrCtrl+C',
      'CmdOrCtrl+V',
      'CmdOrCtrl+A',
      'CmdOrCtrl+Z',
      'CmdOrCtrl+W',
      'CmdOrCtrl+Q',
    ])
      expect(accelerators).not.toContain(taken)
  })
})
