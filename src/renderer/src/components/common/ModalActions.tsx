import type { ReactNode } from 'react'

/** A dialog's footer: its own actions on the right, after the button that closes it unchanged. */
export function ModalActions({
  onCancel,
  cancelLabel = 'Cancel',
  children,
}: {
  onCancel: () => void
  cancelLabel?: string
  children?: ReactNode
}) {
  return (
    <footer className="modal__actions">
      <span className="modal__spacer" />
      <button type="button" className="button" onClick={onCancel}>
        {cancelLabel}
      </button>
      {children}
    </footer>
  )
}
