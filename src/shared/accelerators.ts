// Electron's accelerator syntax ("CmdOrCtrl+Shift+U") read by the page: to match a key press
// against a menu's shortcut, and to show the shortcut the way the platform writes it.

export interface KeyPress {
  key: string
  /** The physical key ("KeyU"): letters match by it too, so a Shift or a layout's case does not matter. */
  code: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
}

interface Accelerator {
  command: boolean
  shift: boolean
  alt: boolean
  key: string
}

function parse(accelerator: string): Accelerator {
  const parts = accelerator.split('+')
  // "CmdOrCtrl+Plus" aside, the key is the last part; "," and other characters stand for themselves.
  const key = parts.pop() ?? ''
  const has = (name: string) => parts.some((p) => p.toLowerCase() === name)
  return {
    command: has('cmdorctrl') || has('commandorcontrol'),
    shift: has('shift'),
    alt: has('alt') || has('option'),
    key,
  }
}

function sameKey(want: string, press: KeyPress): boolean {
  if (/^[A-Z]$/i.test(want))
    return press.code === `Key${want.toUpperCase()}` || press.key.toUpperCase() === want.toUpperCase()
  if (/^[0-9]$/.test(want)) return press.code === `Digit${want}` || press.key === want
  return press.key === want
}

/** True when the press is exactly this accelerator: no modifier more, none less. */
export function acceleratorMatches(accelerator: string, press: KeyPress, mac: boolean): boolean {
  const a = parse(accelerator)
  const command = mac ? press.metaKey && !press.ctrlKey : press.ctrlKey && !press.metaKey
  const none = !press.metaKey && !press.ctrlKey
  if (a.command ? !command : !none) return false
  if (a.shift !== press.shiftKey || a.alt !== press.altKey) return false
  return sameKey(a.key, press)
}

const MAC_SYMBOLS = { command: '⌘', shift: '⇧', alt: '⌥' }

/** "Ctrl+Shift+U" on Windows and Linux, "⇧⌘U" on macOS. */
export function acceleratorLabel(accelerator: string, mac: boolean): string {
  const a = parse(accelerator)
  const key = a.key.length === 1 ? a.key.toUpperCase() : a.key
  if (mac) {
    return `${a.alt ? MAC_SYMBOLS.alt : ''}${a.shift ? MAC_SYMBOLS.shift : ''}${a.command ? MAC_SYMBOLS.command : ''}${key}`
  }
  return [a.command ? 'Ctrl' : '', a.alt ? 'Alt' : '', a.shift ? 'Shift' : '', key].filter(Boolean).join('+')
}
