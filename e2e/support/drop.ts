// Drags files and folders from disk onto an element, as a person would: dragenter, dragover
// and drop, carrying File objects in a DataTransfer.
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import type { PageWindow } from './page-globals'

export type DropFiles = (target: Locator, paths: string[]) => Promise<void>

interface DraggedItem {
  path: string
  name: string
  base64: string
  lastModified: number
}

/**
 * Chromium harness: the Files are built in the page from the files' bytes (a folder becomes
 * an empty File named like it, as Chromium presents a dropped folder), and each is registered
 * with its real path, which the harness's window.ferry.pathForFile then answers, as
 * webUtils.getPathForFile does in Electron.
 */
export function chromiumDropFiles(page: Page): DropFiles {
  return async (target, paths) => {
    const items: DraggedItem[] = await Promise.all(
      paths.map(async (path) => {
        const info = await stat(path)
        const bytes = info.isDirectory() ? Buffer.alloc(0) : await readFile(path)
        return { path, name: basename(path), base64: bytes.toString('base64'), lastModified: info.mtimeMs }
      }),
    )
    const dataTransfer = await page.evaluateHandle((dragged) => {
      const w = globalThis as unknown as PageWindow
      const transfer = new w.DataTransfer()
      for (const item of dragged) {
        const binary = w.atob(item.base64)
        const bytes = new Uint8Array(binary.length)
        for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
        const file = new w.File([bytes], item.name, { lastModified: item.lastModified })
        w.__ferryHarness.registerFile(file, item.path)
        transfer.items.add(file)
      }
      return transfer
    }, items)
    try {
      await target.dispatchEvent('dragenter', { dataTransfer })
      await target.dispatchEvent('dragover', { dataTransfer })
      await target.dispatchEvent('drop', { dataTransfer })
    } finally {
      await dataTransfer.dispose()
    }
  }
}

/**
 * Electron: webUtils.getPathForFile answers only for Files that really came from disk, so the
 * drag goes through Chromium's input pipeline (CDP Input.dispatchDragEvent), which builds
 * them from the paths, folders included, exactly as an OS drag does.
 */
export function electronDropFiles(page: Page): DropFiles {
  return async (target, paths) => {
    const box = await target.boundingBox()
    if (!box) throw new Error('dropFiles: the drop target is not visible')
    const x = box.x + box.width / 2
    const y = box.y + box.height / 2
    const session = await page.context().newCDPSession(page)
    const data = { items: [], files: paths, dragOperationsMask: 1 }
    try {
      for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
        await session.send('Input.dispatchDragEvent', { type, x, y, data })
      }
    } finally {
      await session.detach()
    }
  }
}
