import { useRef, useState, type DragEvent, type ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { ferry } from '../../bridge'
import { useStore } from '../../store/store'
import { UploadIcon } from '../common/icons'

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files')

/**
 * Files and folders dropped from the OS upload into the open folder. Paths come from the
 * preload (webUtils in Electron); the upload itself, including walking folders, is main's.
 */
export function DropTarget({ children }: { children: ReactNode }) {
  const { bucket, prefix, upload, reportError } = useStore(
    useShallow((s) => ({
      bucket: s.bucket,
      prefix: s.prefix,
      upload: s.upload,
      reportError: s.reportTransfersError,
    })),
  )
  const [dragging, setDragging] = useState(false)
  // dragenter/dragleave fire for every child crossed; count them to know when the drag left.
  const depth = useRef(0)

  const onDragEnter = (event: DragEvent) => {
    if (!carriesFiles(event)) return
    event.preventDefault()
    depth.current++
    setDragging(true)
  }
  const onDragOver = (event: DragEvent) => {
    if (!carriesFiles(event)) return
    event.preventDefault()
    event.dataTransfer.dropEffect = 'copy'
  }
  const onDragLeave = () => {
    depth.current = Math.max(0, depth.current - 1)
    if (depth.current === 0) setDragging(false)
  }
  const onDrop = (event: DragEvent) => {
    if (!carriesFiles(event)) return
    event.preventDefault()
    depth.current = 0
    setDragging(false)
    const files = Array.from(event.dataTransfer.files)
    const paths = files.map((file) => ferry.pathForFile(file))
    const missing = files.filter((_, i) => !paths[i]).map((f) => f.name)
    const found = paths.filter(Boolean)
    void (async () => {
      if (found.length > 0) await upload(found)
      if (missing.length === 0) return
      reportError({
        code: 'source-missing',
        message: `not uploaded, no path on disk: ${missing.join(', ')}`,
        fix: 'Drop files and folders from the file manager; items dragged from other apps or web pages cannot be uploaded.',
      })
    })()
  }

  return (
    <div
      className={dragging ? 'drop-target is-dragging' : 'drop-target'}
      data-testid="object-browser-drop"
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      {children}
      {dragging ? (
        <div className="drop-target__overlay" aria-hidden="true">
          <UploadIcon />
          Drop to upload to{' '}
          <strong>
            {bucket}/{prefix}
          </strong>
        </div>
      ) : null}
    </div>
  )
}
