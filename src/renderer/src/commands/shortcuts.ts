// The application menu's shortcuts, working in the page: one keydown listener at module
// scope, matching presses against the same data the native menu is built from, and the
// menu's relayed commands. In the app the native menu shows these accelerators but leaves the
// keys to the page (see src/main/electron/app-menu.ts), so each runs once.
import { acceleratorMatches } from '../../../shared/accelerators'
import { COMMAND_ACCELERATORS, PAGE_COMMANDS, type PageCommand } from '../../../shared/app-menu'
import { ferry } from '../bridge'
import { runPageCommand } from './page-commands'

export const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform || navigator.userAgent)

/** The page command this key press is the shortcut of, if any. */
export function commandForPress(press: KeyboardEvent): PageCommand | undefined {
  return PAGE_COMMANDS.find((command) => {
    const accelerator = COMMAND_ACCELERATORS[command]
    return accelerator !== undefined && acceleratorMatches(accelerator, press, isMac)
  })
}

/** A modal dialog owns the keyboard: commands wait until it closes. */
const modalOpen = () => document.querySelector('dialog[open]') !== null

window.addEventListener('keydown', (event) => {
  const command = commandForPress(event)
  if (!command) return
  // Ctrl+R would reload the page, Ctrl+U show its source: the shortcut is Ferry's.
  event.preventDefault()
  if (!modalOpen()) runPageCommand(command)
})

ferry.onAppCommand((command) => {
  if (!modalOpen()) runPageCommand(command)
})
