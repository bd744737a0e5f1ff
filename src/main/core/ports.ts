// The seams between the core (plain Node) and its hosts. Each port has an Electron
// adapter (src/main/electron/adapters) and a Node adapter (src/main/core/node-adapters),
// so the CLI, the tests and the app run the same core.
import type { EngineToMain, MainToEngine } from '../../shared/engine-protocol'
import type { ShellPort } from './shell-port'

/** A typed key-value document on disk: electron-store in the app, conf in Node. */
export interface KeyValueStore<T extends Record<string, unknown>> {
  get<K extends keyof T>(key: K): T[K]
  set<K extends keyof T>(key: K, value: T[K]): void
  readonly path: string
}

/** Encrypts secrets at rest: Electron safeStorage in the app. */
export interface SecretBox {
  /** False where no OS keychain exists: callers keep secrets for the session only. */
  readonly persistent: boolean
  encrypt(plain: string): string
  decrypt(sealed: string): string
}

/** Runs the engine entry file in another process and carries protocol messages. */
export interface EngineProcess {
  send(message: MainToEngine): void
  onMessage(listener: (message: EngineToMain) => void): void
  /** Called once, with the exit code, whether the process exited or crashed. */
  onExit(listener: (code: number | null) => void): void
  kill(): void
  readonly pid?: number | undefined
}

export type EngineLauncher = () => EngineProcess

export type SystemEvent = 'suspend' | 'resume' | 'online' | 'offline'

/** Power and network events: Electron powerMonitor/net in the app, a plain emitter in Node. */
export interface SystemEvents {
  on(event: SystemEvent, listener: () => void): () => void
  isOnline(): boolean
}

/** What the person picks in an OS file dialog: files, or one folder. */
export type UploadPickKind = 'files' | 'folder'

/** How the taskbar/dock shows overall progress: normal, paused (all waiting), or failed. */
export type ProgressMode = 'normal' | 'paused' | 'error'

/**
 * The desktop around the window: file dialogs, taskbar/dock progress, notifications and the
 * clipboard, and (ShellPort) the tray, quit questions and login item. Electron's dialog,
 * BrowserWindow, Notification and Tray in the app; a recording adapter under Node, which
 * end-to-end tests answer and read.
 */
export interface DesktopPort extends ShellPort {
  /** Paths the person picked, or [] when they cancelled. */
  pickUploadSources(kind: UploadPickKind): Promise<string[]>
  /** One existing file (to compare with an object, say), or null when they cancelled. */
  pickFile(title: string): Promise<string | null>
  /** A folder to save downloads into, or null when they cancelled. */
  pickFolder(title: string): Promise<string | null>
  /** Opens the file manager at this file, selected. */
  showInFolder(path: string): void
  /** Overall progress from 0 to 1, or null to clear it. */
  setProgress(fraction: number | null, mode: ProgressMode): void
  notify(title: string, body: string): void
  copyText(text: string): void
  /** Starts the OS drag of these local files out of the window (a drop copies them). */
  startDrag(paths: string[]): void
}
