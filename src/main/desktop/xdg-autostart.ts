// "Open at login" on Linux, where Electron's setLoginItemSettings does nothing: an XDG
// autostart entry (https://specifications.freedesktop.org/autostart-spec/latest/) in
// ~/.config/autostart that starts Ferry hidden in the tray.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { HIDDEN_FLAG } from './lifecycle'

export const AUTOSTART_FILE = 'ferry.desktop'

/** $XDG_CONFIG_HOME/autostart, else ~/.config/autostart. */
export function autostartDir(env: NodeJS.ProcessEnv): string {
  return join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'autostart')
}

/** Desktop-entry Exec quoting: the path in double quotes, with \ " ` $ escaped. */
const quoted = (path: string) => `"${path.replace(/[\\"`$]/g, (c) => `\\${c}`)}"`

export function autostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Ferry',
    'Comment=Move files to and from S3',
    `Exec=${quoted(executable)} ${HIDDEN_FLAG}`,
    // The icon the .deb installs, named after the app's executable.
    'Icon=ferry-app',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n')
}

/**
 * Writes or removes the entry. An AppImage runs from a temporary mount, so the entry names
 * the AppImage file itself ($APPIMAGE), which stays where the person put it.
 */
export function setXdgAutostart(enabled: boolean, env: NodeJS.ProcessEnv, execPath: string): void {
  const dir = autostartDir(env)
  const file = join(dir, AUTOSTART_FILE)
  if (!enabled) {
    rmSync(file, { force: true })
    return
  }
  mkdirSync(dir, { recursive: true })
  writeFileSync(file, autostartEntry(env['APPIMAGE'] || execPath))
}
