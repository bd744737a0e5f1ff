// Electron's entry: lifecycle, one window, the menu, the tray and the adapters. Everything
// else is the core; the decisions (what closing does, whether quitting asks, what the menu
// and tray hold) are plain functions in src/main/desktop and src/shared.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow } from 'electron'
import { createCore, type Core } from '../core/create-core'
import { connectionFrom } from '../core/connections/env-connection'
import { stateDirFrom } from '../core/transfers/state-dir'
import { hostDaemonInApp, type AppDaemon } from '../daemon/app-daemon'
import { startBackgroundMode, type BackgroundMode } from '../desktop/background-mode'
import { desktopServices, onAnyTransferChanged } from '../desktop/desktop-services'
import { closeDecision, startsHidden } from '../desktop/lifecycle'
import { runMenuCommand } from '../desktop/menu-commands'
import { dispatch } from '../ipc/dispatch'
import { listTransfers } from '../ipc/handlers/transfers'
import { electronDesktop } from './adapters/desktop'
import { electronSystemEvents } from './adapters/power-events'
import { keepAwakeWhileMoving } from './adapters/power-save'
import { resumeOnStartFrom, settingsFrom } from '../../shared/settings'
import { electronSecretBox } from './adapters/safe-storage'
import { openElectronStore } from './adapters/electron-store'
import { utilityProcessEngine } from './adapters/utility-engine'
import { installAppMenu } from './app-menu'
import { forwardEvents, registerBridge } from './ipc-transport'
import { applySecurityPolicy } from './security'
import { createMainWindow, isTrustedRendererUrl } from './window'

let core: Core | undefined
let mainWindow: BrowserWindow | undefined
let appDaemon: Promise<AppDaemon> | undefined
let background: BackgroundMode | undefined
/** Set once quitting is decided: windows then close instead of hiding. */
let closing = false

// Icons ship beside the app's code (package.json "build.files" takes resources/).
const resource = (name: string) => join(app.getAppPath(), 'resources', name)

function openWindow(show: boolean): BrowserWindow {
  const window = createMainWindow({ show, icon: resource('icon.png') })
  if (core) forwardEvents(core, window.webContents)
  // Closing the window leaves Ferry in the tray: transfers and ferry send carry on.
  window.on('close', (event) => {
    if (closeDecision({ quitting: closing }) === 'hide') {
      event.preventDefault()
      window.hide()
    }
  })
  return window
}

function showWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) mainWindow = openWindow(true)
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.show()
  mainWindow.focus()
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => showWindow())

  void app.whenReady().then(() => {
    // One rule for the app and the CLI (FERRY_STATE_DIR, else the app's data folder), so
    // `ferry resume` sees the app's transfers and the app sees the CLI's.
    const stateDir = stateDirFrom(process.env)
    const store = openElectronStore(stateDir)
    const trayIcon = resource(process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png')
    core = createCore({
      store,
      secrets: electronSecretBox(),
      launchEngine: utilityProcessEngine(fileURLToPath(new URL('./engine.js', import.meta.url))),
      system: electronSystemEvents(),
      stateDir,
      version: app.getVersion(),
      // After a quit or a crash, unfinished uploads carry on by themselves unless the setting
      // says to wait; FERRY_RESUME_ON_START=0 or 1 overrides the setting.
      resumeOnStart: resumeOnStartFrom(process.env, settingsFrom(store.get('settings'))),
      desktop: electronDesktop(() => mainWindow, trayIcon),
    })
    const current = core
    const services = desktopServices(current)
    const log = services.log
    process.on('uncaughtExceptionMonitor', (error) => log.error(`uncaught: ${error.stack ?? String(error)}`))
    process.on('unhandledRejection', (reason) => log.error(`unhandled rejection: ${String(reason)}`))
    app.on('child-process-gone', (_event, d) =>
      log.error(`${d.type} process gone: ${d.reason} (${d.exitCode})`),
    )
    app.on('render-process-gone', (_event, _contents, d) =>
      log.error(`window gone: ${d.reason} (${d.exitCode})`),
    )
    // The app is the daemon while it runs: ferry send queues into its transfers panel.
    // FERRY_APP_DAEMON=0 leaves the socket to a standalone ferry daemon started later.
    if (process.env['FERRY_APP_DAEMON'] !== '0')
      appDaemon = hostDaemonInApp(current, {
        fallback: connectionFrom({}, process.env),
        env: process.env,
        log: (line) => log.info(`daemon: ${line}`),
      })
    const settings = current.settings
    keepAwakeWhileMoving(current.transfers, () => settings.get().keepAwake)
    applySecurityPolicy(isTrustedRendererUrl)
    registerBridge(current, isTrustedRendererUrl)
    background = startBackgroundMode(current, {
      show: showWindow,
      quit: () => app.quit(),
      pauseAll: () => dispatch(current, 'transfers:pause-all', {}),
      resumeAll: () => dispatch(current, 'transfers:resume-all', {}),
      list: () => listTransfers({}, current),
      onChanged: (listener) => onAnyTransferChanged(current, listener),
    })
    installAppMenu({ platform: process.platform, packaged: app.isPackaged }, (command, byAccelerator) =>
      runMenuCommand(
        current,
        {
          relay: services.commands,
          showWindow,
          exportDiagnostics: () => dispatch(current, 'app:export-diagnostics', {}),
          // Packaged, the README is unpacked beside app.asar for the OS's viewer to open.
          documentationPath: app.isPackaged
            ? join(process.resourcesPath, 'app.asar.unpacked', 'README.md')
            : join(app.getAppPath(), 'README.md'),
        },
        command,
        { triggeredByAccelerator: byAccelerator },
      ),
    )
    const hidden = startsHidden(process.argv, app.getLoginItemSettings().wasOpenedAtLogin)
    mainWindow = openWindow(!hidden)
    app.on('activate', () => showWindow())
  })

  // Ferry stays in the tray with no window open; only Quit ends it.
  app.on('window-all-closed', () => {})

  let asking = false
  app.on('before-quit', (event) => {
    // Let the engine journal in-flight parts and stop cleanly before the process exits.
    if (closing || !core) return
    event.preventDefault()
    if (asking) return
    asking = true
    const current = core
    void Promise.resolve(background?.confirmQuit() ?? true).then((go) => {
      asking = false
      if (!go) return
      closing = true
      background?.close()
      void Promise.resolve(appDaemon)
        .then((d) => d?.close())
        .then(() => desktopServices(current).close())
        .then(() => current.close())
        .finally(() => app.quit())
    })
  })
}
