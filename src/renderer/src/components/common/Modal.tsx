import { useEffect, useRef, type ReactNode } from 'react'
import './modal.css'

interface Props {
  open: boolean
  /** Escape, the backdrop's Cancel button, or the caller closing it. */
  onClose: () => void
  labelledBy: string
  className?: string
  children: ReactNode
}

/** A native modal dialog: focus stays inside, Escape closes, the page behind is inert. */
export function Modal({ open, onClose, labelledBy, className, children }: Props) {
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const element = dialog.current
    if (!element) return
    if (open && !element.open) element.showModal()
    if (!open && element.open) element.close()
  }, [open])
  return (
    <dialog
      ref={dialog}
      className={className ? `modal ${className}` : 'modal'}
      aria-labelledby={labelledBy}
      onClose={onClose}
    >
      {open ? children : null}
    </dialog>
  )
}
