import { describe, expect, it } from 'vitest'
import { acceleratorLabel, acceleratorMatches, type KeyPress } from './accelerators'

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  code: /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : '',
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
})

describe('accelerators', () => {
  it('matches CmdOrCtrl as Ctrl on Windows and Linux and as Cmd on macOS', () => {
    expect(acceleratorMatches('CmdOrCtrl+U', press('u', { ctrlKey: true }), false)).toBe(true)
    expect(acceleratorMatches('CmdOrCtrl+U', press('u', { metaKey: true }), false)).toBe(false)
    expect(acceleratorMatches('CmdOrCtrl+U', press('u', { metaKey: true }), true)).toBe(true)
    expect(acceleratorMatches('CmdOrCtrl+U', press('u', { ctrlKey: true }), true)).toBe(false)
  })

  it('wants exactly the modifiers named', () => {
    expect(acceleratorMatches('CmdOrCtrl+U', press('U', { ctrlKey: true, shiftKey: true }), false)).toBe(
      false,
    )
    expect(
      acceleratorMatches('CmdOrCtrl+Shift+U', press('U', { ctrlKey: true, shiftKey: true }), false),
    ).toBe(true)
    expect(acceleratorMatches('CmdOrCtrl+U', press('u'), false)).toBe(false)
    expect(acceleratorMatches('F2', press('F2', { ctrlKey: true }), false)).toBe(false)
    expect(acceleratorMatches('F2', press('F2'), false)).toBe(true)
    expect(acceleratorMatches('Alt+Enter', press('Enter', { altKey: true }), false)).toBe(true)
    expect(acceleratorMatches('Alt+Enter', press('Enter'), false)).toBe(false)
  })

  it('matches letters by the physical key, and punctuation by the character', () => {
    // A layout whose U key types something else still has KeyU.
    expect(acceleratorMatches('CmdOrCtrl+U', { ...press('г', { ctrlKey: true }), code: 'KeyU' }, false)).toBe(
      true,
    )
    expect(acceleratorMatches('CmdOrCtrl+,', press(',', { ctrlKey: true }), false)).toBe(true)
    expect(acceleratorMatches('CmdOrCtrl+,', press('.', { ctrlKey: true }), false)).toBe(false)
  })

  it('writes shortcuts the platform way', () => {
    expect(acceleratorLabel('CmdOrCtrl+Shift+U', false)).toBe('Ctrl+Shift+U')
    expect(acceleratorLabel('CmdOrCtrl+Shift+U', true)).toBe('⇧⌘U')
    expect(acceleratorLabel('CmdOrCtrl+,', true)).toBe('⌘,')
    expect(acceleratorLabel('Alt+Enter', false)).toBe('Alt+Enter')
    expect(acceleratorLabel('F2', true)).toBe('F2')
  })
})
