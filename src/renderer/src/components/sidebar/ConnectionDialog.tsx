import { useEffect, useRef } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../store/store'
import { ConnectionForm } from './ConnectionForm'
import './connection-dialog.css'

/** The add/edit form, as a native modal dialog (Escape and the Cancel button close it). */
export function ConnectionDialog() {
  const { editor, openEditor, editing } = useStore(
    useShallow((s) => ({
      editor: s.editor,
      openEditor: s.openEditor,
      editing:
        s.editor.mode === 'edit'
          ? s.connections.find((c) => c.id === (s.editor as { id: string }).id)
          : undefined,
    })),
  )
  const dialog = useRef<HTMLDialogElement>(null)
  const open = editor.mode !== 'closed'

  useEffect(() => {
    const element = dialog.current
    if (!element) return
    if (open && !element.open) element.showModal()
    if (!open && element.open) element.close()
  }, [open])

  const close = () => openEditor({ mode: 'closed' })
  return (
    <dialog
      ref={dialog}
      className="connection-dialog"
      aria-labelledby="connection-dialog-title"
      onClose={close}
    >
      {open ? (
        <ConnectionForm
          key={editing?.id ?? 'new'}
          titleId="connection-dialog-title"
          editing={editing}
          onCancel={close}
        />
      ) : null}
    </dialog>
  )
}
