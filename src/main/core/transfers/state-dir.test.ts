import { describe, expect, it } from 'vitest'
import { defaultStateDir, journalDirOf, stateDirFrom } from './state-dir'

describe('defaultStateDir', () => {
  it("is the platform's app-data folder for Ferry", () => {
    expect(defaultStateDir({}, 'linux', '/home/ann')).toBe('/home/ann/.config/Ferry/state')
    expect(defaultStateDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/ann')).toBe('/x/Ferry/state')
    expect(defaultStateDir({}, 'darwin', '/Users/ann')).toBe(
      '/Users/ann/Library/Application Support/Ferry/state',
    )
    expect(
      defaultStateDir({ APPDATA: 'C:/Users/ann/AppData/Roaming' }, 'win32', 'C:/Users/ann').replaceAll(
        '\\',
        '/',
      ),
    ).toBe('C:/Users/ann/AppData/Roaming/Ferry/state')
  })

  it('gives way to FERRY_STATE_DIR', () => {
    expect(stateDirFrom({ FERRY_STATE_DIR: '/tmp/s' })).toBe('/tmp/s')
    expect(journalDirOf('/tmp/s')).toBe('/tmp/s/transfers')
  })
})
