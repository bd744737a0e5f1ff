import { fileURLToPath } from 'node:url'
import { BrowserWindow, nativeTheme } from 'electron'

export interface WindowOptions {
  /** False for a start at login: the window is made but stays hidden, Ferry in the tray. */
  show: boolean
  /** The window's icon (Windows, Linux); macOS uses the bundle's. */
  icon: string
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'Ferry',
    icon: options.icon,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1e1f22' : '#ffffff',
    webPreferences: {
      preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  })
  if (options.show) window.once('ready-to-show', () => window.show())
  const devServer = process.env['ELECTRON_RENDERER_URL']
  if (devServer) void window.loadURL(devServer)
  else void window.loadFile(fileURLToPath(new URL('../renderer/index.html', import.meta.url)))
  return window
}

export function isTrustedRendererUrl(url: string): boolean {
  const devServer = process.env['ELECTRON_RENDERER_URL']
  if (devServer && url.startsWith(devServer)) return true
  const rendererRoot = new URL('../renderer/', import.meta.url).href
  return url.startsWith(rendererRoot)
}
