import { useRef, useState, type DragEvent, type ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { ferry } from '../../bridge'
import { useStore } from '../../store/store'
import { UploadIcon } from '../common/icons'
import { moveDraggedOut } from './row-drag'

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files')

/** The folder row under the pointer (rows carry their prefix), or null for the open folder. */
function folderUnder(event: DragEvent): string | null {
  const row = (event.target as Element | null)?.closest?.('[data-drop-prefix]')
  return row?.getAttribute('data-drop-prefix') ?? null
}

/**
 * Files and folders dropped from the OS go to the upload sheet, for the open folder or the
 * folder row they were dropped on. Paths come from the preload (webUtils in Electron);
 * walking folders is main's.
 */
export function DropTarget({ children }: { children: ReactNode }) {
  const { bucket, prefix, draggedOut, openUploadSheet, reportError } = useStore(
    useShallow((s) => ({
      bucket: s.bucket,
      prefix: s.prefix,
      draggedOut: s.draggedOut,
      openUploadSheet: s.openUploadSheet,
      reportError: s.reportTransfersError,
    })),
  )
  // null: not dragging; otherwise the folder the drop would go into.
  const [target, setTarget] = useState<string | null>(null)
  // dragenter/dragleave fire for every child crossed; count them to know when the drag left.
  const depth = useRef(0)

  const onDragEnter = (event: DragEvent) => {
    if (!carriesFiles(event)) return
    event.preventDefault()
    depth.current++
    setTarget(folderUnder(event) ?? prefix)
  }
  const onDragOver = (event: DragEvent) => {
    if (!carriesFiles(event)) return
    event.preventDefault()
    event.dataTransfer.dropEffect = 'copy'
    const over = folderUnder(event) ?? prefix
    if (over !== target) setTarget(over)
  }
  const onDragLeave = () => {
    depth.current = Math.max(0, depth.current - 1)
    if (depth.current === 0) setTarget(null)
  }
  const onDrop = (event: DragEvent) => {
    if (!carriesFiles(event)) return
    event.preventDefault()
    depth.current = 0
    setTarget(null)
    const into = folderUnder(event) ?? prefix
    const files = Array.from(event.dataTransfer.files)
    const paths = files.map((file) => ferry.pathForFile(file))
    // Objects dragged out and let go over the window again: nothing to upload; over a folder
    // row, a move there (row-drag.ts).
    if (paths.length > 0 && paths.every((p) => draggedOut.includes(p))) {
      const folder = folderUnder(event)
      if (folder !== null) moveDraggedOut(folder)
      return
    }
    const missing = files.filter((_, i) => !paths[i]).map((f) => f.name)
    const found = paths.filter(Boolean)
    if (found.length > 0) openUploadSheet(found, into)
    if (missing.length > 0) {
      reportError({
        code: 'source-missing',
        message: `not uploaded, no path on disk: ${missing.join(', ')}`,
        fix: 'Drop files and folders from the file manager; items dragged from other apps or web pages cannot be uploaded.',
      })
    }
  }

  return (
    <div
      className={target !== null ? 'drop-target is-dragging' : 'drop-target'}
      data-drop-folder={target ?? undefined}
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      {children}
      {target !== null ? (
        <div className="drop-target__overlay" role="status">
          <UploadIcon />
          Drop to upload to{' '}
          <strong>
            {bucket}/{target}
          </strong>
        </div>
      ) : null}
    </div>
  )
}
