import { app, BrowserWindow, dialog, Menu, nativeImage, shell, Tray } from 'electron'
import type { ShellPort, TrayModel } from '../../core/shell-port'
import { HIDDEN_FLAG } from '../../desktop/lifecycle'
import { setXdgAutostart } from '../../desktop/xdg-autostart'

/** The tray, message boxes, save dialog and login item: Electron's side of the shell port. */
export function electronShell(window: () => BrowserWindow | undefined, trayIconPath: string): ShellPort {
  let tray: Tray | undefined
  const parent = () => {
    const w = window()
    return w && !w.isDestroyed() && w.isVisible() ? w : undefined
  }
  const menuOf = (model: TrayModel, onAction: Parameters<ShellPort['setTray']>[1]) =>
    Menu.buildFromTemplate(
      model.items.map((item) =>
        'separator' in item
          ? { type: 'separator' as const }
          : { label: item.label, enabled: item.enabled, click: () => onAction(item.action) },
      ),
    )
  return {
    setTray(model, onAction) {
      if (!tray) {
        const icon = nativeImage.createFromPath(trayIconPath)
        // macOS draws a template image in the menu bar's own colour.
        if (process.platform === 'darwin') icon.setTemplateImage(true)
        tray = new Tray(icon)
        // Windows and most Linux trays show the window on a click; macOS opens the menu.
        tray.on('click', () => {
          if (process.platform !== 'darwin') onAction('show')
        })
      }
      tray.setToolTip(model.tooltip)
      tray.setContextMenu(menuOf(model, onAction))
    },
    async confirm(q) {
      const options = {
        type: 'question' as const,
        title: q.title,
        message: q.message,
        detail: q.detail,
        buttons: [q.confirmLabel, q.cancelLabel],
        defaultId: 1,
        cancelId: 1,
      }
      const w = parent()
      const { response } = w ? await dialog.showMessageBox(w, options) : await dialog.showMessageBox(options)
      return response === 0
    },
    showMessage(title, message, detail) {
      const options = { type: 'info' as const, title, message, detail, buttons: ['OK'] }
      const w = parent()
      void (w ? dialog.showMessageBox(w, options) : dialog.showMessageBox(options))
    },
    async pickSaveFile(title, defaultName) {
      const options = {
        title,
        defaultPath: defaultName,
        buttonLabel: 'Save',
        filters: [{ name: 'JSON', extensions: ['json'] }],
      }
      const w = parent()
      const result = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options)
      return result.canceled || !result.filePath ? null : result.filePath
    },
    openPath(path) {
      void shell.openPath(path)
    },
    setOpenAtLogin(enabled) {
      if (process.platform === 'linux') {
        setXdgAutostart(enabled, process.env, process.execPath)
        return
      }
      // openAsHidden is macOS's; Windows starts us with the flag that keeps the window hidden.
      app.setLoginItemSettings({ openAtLogin: enabled, openAsHidden: true, args: [HIDDEN_FLAG] })
    },
  }
}
