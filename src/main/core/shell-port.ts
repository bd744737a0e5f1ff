// The part of the desktop port that keeps Ferry running around its window: the tray, the
// questions asked on quit, About, saving a diagnostics file and the login item. Split from
// ports.ts so the desktop port stays readable; DesktopPort extends it.

export type TrayAction = 'show' | 'pause-all' | 'resume-all' | 'quit'

export type TrayItem = { action: TrayAction; label: string; enabled: boolean } | { separator: true }

/** What the tray icon shows: its tooltip (with progress) and its menu. */
export interface TrayModel {
  tooltip: string
  items: TrayItem[]
}

export interface Question {
  title: string
  message: string
  detail: string
  confirmLabel: string
  cancelLabel: string
}

export interface ShellPort {
  /** Shows the tray icon (or updates it); its menu's picks come back through onAction. */
  setTray(model: TrayModel, onAction: (action: TrayAction) => void): void
  /** A modal question; true when the person confirmed. */
  confirm(question: Question): Promise<boolean>
  /** An informational message box (About). */
  showMessage(title: string, message: string, detail: string): void
  /** Where to save a file, or null when they cancelled. */
  pickSaveFile(title: string, defaultName: string): Promise<string | null>
  /** Opens a file with the system's default application (the bundled documentation). */
  openPath(path: string): void
  /** Start Ferry, hidden in the tray, when the person logs in. */
  setOpenAtLogin(enabled: boolean): void
}
