import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AUTOSTART_FILE, autostartEntry, setXdgAutostart } from './xdg-autostart'

describe('the Linux login item', () => {
  const dirs: string[] = []
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

  it('writes an autostart entry that starts Ferry hidden, and removes it', () => {
    const config = mkdtempSync(join(tmpdir(), 'ferry-xdg-'))
    dirs.push(config)
    const file = join(config, 'autostart', AUTOSTART_FILE)
    setXdgAutostart(true, { XDG_CONFIG_HOME: config }, '/opt/Ferry/ferry')
    const entry = readFileSync(file, 'utf8')
    expect(entry).toContain('[Desktop Entry]')
    expect(entry).toContain('Exec="/opt/Ferry/ferry" --hidden')
    setXdgAutostart(false, { XDG_CONFIG_HOME: config }, '/opt/Ferry/ferry')
    expect(existsSync(file)).toBe(false)
  })

  it('names the AppImage, not its temporary mount, and quotes what the shell would read', () => {
    const config = mkdtempSync(join(tmpdir(), 'ferry-xdg-'))
    dirs.push(config)
    setXdgAutostart(
      true,
      { XDG_CONFIG_HOME: config, APPIMAGE: '/home/a/Apps/Ferry.AppImage' },
      '/tmp/.mount_x/ferry',
    )
    expect(readFileSync(join(config, 'autostart', AUTOSTART_FILE), 'utf8')).toContain(
      'Exec="/home/a/Apps/Ferry.AppImage" --hidden',
    )
    expect(autostartEntry('/home/a/$weird "dir"/ferry')).toContain(
      'Exec="/home/a/\\$weird \\"dir\\"/ferry" --hidden',
    )
  })
})
