// What each application-menu command does on the main side. Page commands go to the window
// (which also runs them from its own shortcuts); the others main carries out itself.
import { isPageCommand, type AppCommand, type PageCommand } from '../../shared/app-menu'
import { aboutText } from '../../shared/app-menu'
import type { Core } from '../core/create-core'
import { platformName, runtimeVersions } from './diagnostics-export'

/** Page commands, for the window to carry out; each listener is one window. */
export class CommandRelay {
  readonly #listeners = new Set<(command: PageCommand) => void>()

  /** False when no window listens (it is being created, say). */
  send(command: PageCommand): boolean {
    for (const listener of this.#listeners) listener(command)
    return this.#listeners.size > 0
  }

  onCommand(listener: (command: PageCommand) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}

export interface MenuHost {
  relay: CommandRelay
  /** Brings the window back (from the tray, or recreated) before a page command reaches it. */
  showWindow(): void
  exportDiagnostics(): Promise<unknown>
  /** Where the documentation bundled with Ferry is. */
  documentationPath: string
}

export type MenuOutcome = 'relayed' | 'ignored' | 'done'

/**
 * A menu item was picked. A page command picked by its accelerator is left to the page: the
 * page already ran it from the same key press (on macOS the menu sees the key too).
 */
export function runMenuCommand(
  core: Core,
  host: MenuHost,
  command: AppCommand,
  via: { triggeredByAccelerator: boolean },
): MenuOutcome {
  if (isPageCommand(command)) {
    if (via.triggeredByAccelerator) return 'ignored'
    host.showWindow()
    host.relay.send(command)
    return 'relayed'
  }
  const desktop = core.deps.desktop
  switch (command) {
    case 'about':
      desktop?.showMessage(
        'About Ferry',
        `Ferry ${core.deps.version}`,
        aboutText(runtimeVersions(core.deps.version), platformName()),
      )
      return 'done'
    case 'documentation':
      desktop?.openPath(host.documentationPath)
      return 'done'
    case 'export-diagnostics':
      void host.exportDiagnostics()
      return 'done'
  }
}
