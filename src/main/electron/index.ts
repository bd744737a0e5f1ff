// Electron's entry: lifecycle, one window, and the adapters. Everything else is the core.
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow } from 'electron'
import { createCore, type Core } from '../core/create-core'
import { connectionFrom } from '../core/connections/env-connection'
import { stateDirFrom } from '../core/transfers/state-dir'
import { hostDaemonInApp, type AppDaemon } from '../daemon/app-daemon'
import { desktopServices } from '../desktop/desktop-services'
import { electronDesktop } from './adapters/desktop'
import { electronSystemEvents } from './adapters/power-events'
import { keepAwakeWhileMoving } from './adapters/power-save'
import { resumeOnStartFrom, settingsFrom } from '../../shared/settings'
import { electronSecretBox } from './adapters/safe-storage'
import { openElectronStore } from './adapters/electron-store'
import { utilityProcessEngine } from './adapters/utility-engine'
import { forwardEvents, registerBridge } from './ipc-transport'
import { applySecurityPolicy } from './security'
import { createMainWindow, isTrustedRendererUrl } from './window'

let core: Core | undefined
let mainWindow: BrowserWindow | undefined
let appDaemon: Promise<AppDaemon> | undefined

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore()
    mainWindow?.focus()
  })

  void app.whenReady().then(() => {
    // One rule for the app and the CLI (FERRY_STATE_DIR, else the app's data folder), so
    // `ferry resume` sees the app's transfers and the app sees the CLI's.
    const stateDir = stateDirFrom(process.env)
    const store = openElectronStore(stateDir)
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
      desktop: electronDesktop(() => mainWindow),
    })
    desktopServices(core)
    // The app is the daemon while it runs: ferry send queues into its transfers panel.
    // FERRY_APP_DAEMON=0 leaves the socket to a standalone ferry daemon started later.
    if (process.env['FERRY_APP_DAEMON'] !== '0')
      appDaemon = hostDaemonInApp(core, { fallback: connectionFrom({}, process.env), env: process.env })
    const settings = core.settings
    keepAwakeWhileMoving(core.transfers, () => settings.get().keepAwake)
    applySecurityPolicy(isTrustedRendererUrl)
    registerBridge(core, isTrustedRendererUrl)
    mainWindow = createMainWindow()
    forwardEvents(core, mainWindow.webContents)
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0 && core) {
        mainWindow = createMainWindow()
        forwardEvents(core, mainWindow.webContents)
      }
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  let closing = false
  app.on('before-quit', (event) => {
    // Let the engine journal in-flight parts and stop cleanly before the process exits.
    if (closing || !core) return
    event.preventDefault()
    closing = true
    const current = core
    void Promise.resolve(appDaemon)
      .then((d) => d?.close())
      .then(() => desktopServices(current).close())
      .then(() => current.close())
      .finally(() => app.quit())
  })
}
