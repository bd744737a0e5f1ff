// "Upload from URL...": the app's `ferry stream`. The transfer joins the panel like an upload
// (pause, resume, cancel); the bytes go from the URL to S3 without touching this machine's disk.
import { useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { FerryErrorValue } from '../../../../shared/errors'
import { ferry } from '../../bridge'
import { useStore } from '../../store/store'
import { UploadIcon } from '../common/icons'
import { ErrorNotice } from '../common/ErrorNotice'
import { Modal } from '../common/Modal'
import { ModalActions } from '../common/ModalActions'

const SCHEMES = /^(https?|ftp|file):\/\//i

function UploadFromUrlForm({ titleId, onDone }: { titleId: string; onDone: () => void }) {
  const { connectionId, bucket, prefix, transfersChanged } = useStore(
    useShallow((s) => ({
      connectionId: s.selectedConnectionId,
      bucket: s.bucket,
      prefix: s.prefix,
      transfersChanged: s.transfersChanged,
    })),
  )
  const [url, setUrl] = useState('')
  const [key, setKey] = useState(prefix)
  const [md5, setMd5] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<FerryErrorValue | null>(null)
  const problem =
    url.trim() && !SCHEMES.test(url.trim()) ? 'Use an http://, https://, ftp:// or file:// URL.' : undefined

  const start = async (event: FormEvent) => {
    event.preventDefault()
    if (!connectionId || !bucket || !url.trim() || problem) return
    setBusy(true)
    const result = await ferry.streamUrl({
      connectionId,
      bucket,
      url: url.trim(),
      key,
      ...(md5.trim() ? { sourceMd5: md5.trim() } : {}),
    })
    setBusy(false)
    if (!result.ok) {
      setError(result.error)
      return
    }
    transfersChanged([result.value])
    onDone()
  }

  return (
    <form className="modal__form" onSubmit={(e) => void start(e)}>
      <header className="modal__header">
        <h2 id={titleId}>Upload from URL</h2>
        <p className="muted">Into {bucket}; parts are fetched in parallel and checked end to end.</p>
      </header>
      <div className="field">
        <label className="field__label" htmlFor="stream-url">
          URL
        </label>
        <input
          id="stream-url"
          className="field__input"
          value={url}
          autoFocus
          spellCheck={false}
          autoComplete="off"
          placeholder="https://example.com/data.tar.gz"
          aria-invalid={problem ? true : undefined}
          onChange={(e) => setUrl(e.target.value)}
        />
        {problem ? <span className="field__problem">{problem}</span> : null}
      </div>
      <div className="field">
        <label className="field__label" htmlFor="stream-key">
          Key (ending in “/” adds the URL’s file name)
        </label>
        <input
          id="stream-key"
          className="field__input"
          value={key}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setKey(e.target.value)}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor="stream-md5">
          Source MD5 (optional: 32 hex digits or the URL of an .md5 file)
        </label>
        <input
          id="stream-md5"
          className="field__input"
          value={md5}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setMd5(e.target.value)}
        />
      </div>
      {error ? <ErrorNotice title="Could not start the upload" error={error} /> : null}
      <ModalActions onCancel={onDone}>
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || !url.trim() || Boolean(problem)}
        >
          Start upload
        </button>
      </ModalActions>
    </form>
  )
}

export function UploadFromUrlButton({ disabled }: { disabled: boolean }) {
  const open = useStore((s) => s.openUrlDialog)
  return (
    <button type="button" className="button" disabled={disabled} onClick={() => open(true)}>
      <UploadIcon />
      Upload from URL…
    </button>
  )
}

/** Mounted once (MenusHost): the toolbar's button and the File menu both open it. */
export function UploadFromUrlDialog() {
  const { open, setOpen } = useStore(useShallow((s) => ({ open: s.urlDialogOpen, setOpen: s.openUrlDialog })))
  return (
    <Modal open={open} onClose={() => setOpen(false)} labelledBy="stream-url-title">
      <UploadFromUrlForm titleId="stream-url-title" onDone={() => setOpen(false)} />
    </Modal>
  )
}
