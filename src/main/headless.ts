// The app's main side without Electron: the same core and handlers, with Node adapters.
// End-to-end specs drive the renderer in Chromium against this, replacing only Electron's
// IPC transport. With serveDaemon it also serves ferry send's socket, as the app does.
import { fileURLToPath } from 'node:url'
import type { EventChannel, EventMap } from '../shared/bridge/contract'
import type { Result } from '../shared/errors'
import { createCore, type Core } from './core/create-core'
import type { SecretBox } from './core/ports'
import { childProcessEngine } from './core/node-adapters/child-engine'
import { openConfStore } from './core/node-adapters/conf-store'
import { ManualSystemEvents } from './core/node-adapters/manual-system-events'
import { RecordingDesktop } from './core/node-adapters/recording-desktop'
import { sessionOnlySecrets } from './core/node-adapters/session-secrets'
import { connectionFrom } from './core/connections/env-connection'
import { hostDaemonInApp, type AppDaemon } from './daemon/app-daemon'
import type { AppCommand } from '../shared/app-menu'
import { startBackgroundMode, type BackgroundMode } from './desktop/background-mode'
import { desktopServices, onAnyTransferChanged } from './desktop/desktop-services'
import { runMenuCommand, type MenuOutcome } from './desktop/menu-commands'
import { dispatch } from './ipc/dispatch'
import { subscribeCoreEvent } from './ipc/events'
import { loggedDispatch } from './ipc/logged-dispatch'
import { listTransfers } from './ipc/handlers/transfers'

export interface HeadlessOptions {
  stateDir: string
  /** The built engine entry; defaults to engine.js beside this file. */
  enginePath?: string
  version?: string
  /** Where saved connections' secrets are sealed (default: kept for the session only). */
  secrets?: SecretBox
  /** Resume what an earlier run left unfinished, as the app's "resume at start" (default off). */
  resumeOnStart?: boolean
  /** Serve ferry send's socket over this host's transfers, as the app does (default off). */
  serveDaemon?: boolean
  /** The environment for the daemon's fallback connection and AWS profiles (default process.env). */
  env?: NodeJS.ProcessEnv
}

export interface HeadlessMain {
  core: Core
  system: ManualSystemEvents
  /** Dialog answers a test queues, and the progress, notifications and clipboard it reads. */
  desktop: RecordingDesktop
  /** Resolves once ferry send's socket is served (or the reason it is not); undefined without serveDaemon. */
  daemon: Promise<AppDaemon> | undefined
  /** The tray and the quit question, as the app runs them. */
  background: BackgroundMode
  /** Times the tray's Show Ferry and Quit were picked (there is no window to show here). */
  shellRequests: { show: number; quit: number }
  /** Picks an application-menu item, as a person would with the mouse. */
  menu(command: AppCommand): MenuOutcome
  dispatch(channel: string, payload: unknown): Promise<Result<unknown>>
  subscribe<E extends EventChannel>(event: E, listener: (payload: EventMap[E]) => void): () => void
  close(): Promise<void>
}

export const defaultEnginePath = (): string => fileURLToPath(new URL('./engine.js', import.meta.url))

export function createHeadlessMain(options: HeadlessOptions): HeadlessMain {
  const system = new ManualSystemEvents()
  const desktop = new RecordingDesktop()
  const core = createCore({
    store: openConfStore(options.stateDir),
    secrets: options.secrets ?? sessionOnlySecrets,
    launchEngine: childProcessEngine(options.enginePath ?? defaultEnginePath()),
    system,
    stateDir: options.stateDir,
    version: options.version ?? '0.0.0-headless',
    desktop,
    ...(options.resumeOnStart ? { resumeOnStart: true } : {}),
  })
  const services = desktopServices(core)
  const env = options.env ?? process.env
  const daemon = options.serveDaemon
    ? hostDaemonInApp(core, { fallback: connectionFrom({}, env), env, log: () => {} })
    : undefined
  const shellRequests = { show: 0, quit: 0 }
  const background = startBackgroundMode(core, {
    show: () => shellRequests.show++,
    quit: () => shellRequests.quit++,
    pauseAll: () => dispatch(core, 'transfers:pause-all', {}),
    resumeAll: () => dispatch(core, 'transfers:resume-all', {}),
    list: () => listTransfers({}, core),
    onChanged: (listener) => onAnyTransferChanged(core, listener),
  })
  const menuHost = {
    relay: services.commands,
    showWindow: () => shellRequests.show++,
    exportDiagnostics: () => dispatch(core, 'app:export-diagnostics', {}),
    documentationPath: fileURLToPath(new URL('../../README.md', import.meta.url)),
  }
  return {
    core,
    system,
    desktop,
    daemon,
    background,
    shellRequests,
    menu: (command) => runMenuCommand(core, menuHost, command, { triggeredByAccelerator: false }),
    dispatch: (channel, payload) => loggedDispatch(core, channel, payload),
    subscribe: (event, listener) => subscribeCoreEvent(core, event, listener),
    close: async () => {
      background.close()
      await (await daemon)?.close()
      await services.close()
      await core.close()
    },
  }
}
