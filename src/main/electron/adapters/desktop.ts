import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  nativeImage,
  Notification,
  shell,
  type OpenDialogOptions,
} from 'electron'
import type { DesktopPort, UploadPickKind } from '../../core/ports'
import { electronShell } from './shell'

/**
 * Dialogs are sheets of the main window; progress goes to its taskbar button (Windows),
 * dock icon (macOS) or launcher entry (Unity). Windows and Linux dialogs cannot offer
 * files and folders at once, hence the two kinds of upload pick.
 */
export function electronDesktop(window: () => BrowserWindow | undefined, trayIconPath: string): DesktopPort {
  const open = async (options: OpenDialogOptions): Promise<string[]> => {
    const parent = window()
    const result = parent
      ? await dialog.showOpenDialog(parent, options)
      : await dialog.showOpenDialog(options)
    return result.canceled ? [] : result.filePaths
  }
  return {
    ...electronShell(window, trayIconPath),
    pickUploadSources: (kind: UploadPickKind) =>
      open({
        title: kind === 'files' ? 'Upload files' : 'Upload a folder',
        buttonLabel: 'Choose',
        properties:
          kind === 'files'
            ? ['openFile', 'multiSelections', 'treatPackageAsDirectory']
            : ['openDirectory', 'multiSelections'],
      }),
    async pickFile(title) {
      const [file] = await open({ title, buttonLabel: 'Compare', properties: ['openFile'] })
      return file ?? null
    },
    async pickFolder(title) {
      const [folder] = await open({
        title,
        buttonLabel: 'Save here',
        properties: ['openDirectory', 'createDirectory'],
      })
      return folder ?? null
    },
    showInFolder: (path) => shell.showItemInFolder(path),
    setProgress(fraction, mode) {
      const target = window()
      if (!target || target.isDestroyed()) return
      // -1 removes the bar; Electron takes any value above 1 as "indeterminate".
      target.setProgressBar(fraction === null ? -1 : Math.min(1, Math.max(0, fraction)), { mode })
    },
    notify(title, body) {
      if (Notification.isSupported()) new Notification({ title, body, silent: false }).show()
    },
    copyText: (text) => clipboard.writeText(text),
    startDrag(paths) {
      const target = window()
      if (!target || target.isDestroyed() || paths.length === 0) return
      // macOS refuses a drag without an image; the first file's own icon is what Finder shows.
      void app
        .getFileIcon(paths[0]!, { size: 'normal' })
        .catch(() => nativeImage.createEmpty())
        .then((icon) => target.webContents.startDrag({ file: paths[0]!, files: paths, icon }))
    },
  }
}
