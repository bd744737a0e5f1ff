import { useRef, useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { FerryErrorValue } from '../../../../shared/errors'
import { ferry } from '../../bridge'
import { formatBytes } from '../../format'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { Modal } from '../common/Modal'
import { ModalActions } from '../common/ModalActions'

interface Found {
  key: string
  size: number
}

/** Results shown at most; the count keeps going. */
const SHOWN = 500

/** Finds keys under the open folder at any depth, page by page, with a running count. */
export function FindButton() {
  const [open, setOpen] = useState(false)
  const bucket = useStore((s) => s.bucket)
  return (
    <>
      <button type="button" className="button" disabled={!bucket} onClick={() => setOpen(true)}>
        Find…
      </button>
      <Modal open={open} onClose={() => setOpen(false)} labelledBy="find-title">
        <FindForm onDone={() => setOpen(false)} />
      </Modal>
    </>
  )
}

function FindForm({ onDone }: { onDone: () => void }) {
  const { connectionId, bucket, prefix, openLocation, setFilter } = useStore(
    useShallow((s) => ({
      connectionId: s.selectedConnectionId,
      bucket: s.bucket,
      prefix: s.prefix,
      openLocation: s.openLocation,
      setFilter: s.setFilter,
    })),
  )
  const [query, setQuery] = useState('')
  const [found, setFound] = useState<Found[]>([])
  const [matched, setMatched] = useState(0)
  const [scanned, setScanned] = useState(0)
  const [state, setState] = useState<'idle' | 'running' | 'done' | 'stopped'>('idle')
  const [error, setError] = useState<FerryErrorValue | null>(null)
  const run = useRef(0)

  const find = async (event: FormEvent) => {
    event.preventDefault()
    if (!connectionId || !bucket || !query.trim()) return
    const mine = ++run.current
    setFound([])
    setMatched(0)
    setScanned(0)
    setError(null)
    setState('running')
    let token: string | undefined
    do {
      const page = await ferry.findKeys({
        connectionId,
        bucket,
        prefix,
        query,
        ...(token ? { continuationToken: token } : {}),
      })
      if (mine !== run.current) return
      if (!page.ok) {
        setError(page.error)
        setState('stopped')
        return
      }
      const { matches } = page.value
      setMatched((n) => n + matches.length)
      setScanned((n) => n + page.value.scanned)
      setFound((f) => (f.length >= SHOWN ? f : [...f, ...matches].slice(0, SHOWN)))
      token = page.value.nextToken
    } while (token)
    setState('done')
  }
  const stop = () => {
    run.current++
    setState('stopped')
  }
  const open = (key: string) => {
    if (!bucket) return
    const cut = key.lastIndexOf('/')
    openLocation(bucket, key.slice(0, cut + 1))
    setFilter(key.slice(cut + 1))
    onDone()
  }

  return (
    <form className="modal__form" onSubmit={(e) => void find(e)}>
      <header className="modal__header">
        <h2 id="find-title">
          Find in {bucket}/{prefix}
        </h2>
        <p className="muted">Keys at any depth holding every word typed, ignoring case.</p>
      </header>
      <div className="field">
        <label className="field__label" htmlFor="find-query">
          Words in the key
        </label>
        <input
          id="find-query"
          className="field__input"
          type="search"
          value={query}
          autoFocus
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <p className="muted" role="status" data-testid="find-count">
        {state === 'idle'
          ? ''
          : `${matched.toLocaleString('en-US')} found in ${scanned.toLocaleString('en-US')} keys${
              state === 'running' ? ', still looking…' : state === 'stopped' ? ' (stopped)' : ''
            }`}
      </p>
      {error ? <ErrorNotice title="The search stopped" error={error} /> : null}
      <ul className="find__results" aria-label="Found keys">
        {found.map((f) => (
          <li key={f.key}>
            <button type="button" className="button button--small" onClick={() => open(f.key)}>
              {f.key}
            </button>
            <span className="muted"> {formatBytes(f.size)}</span>
          </li>
        ))}
      </ul>
      <ModalActions onCancel={onDone} cancelLabel="Close">
        {state === 'running' ? (
          <button type="button" className="button" onClick={stop}>
            Stop
          </button>
        ) : null}
        <button type="submit" className="button button--primary" disabled={!query.trim()}>
          Find
        </button>
      </ModalActions>
    </form>
  )
}
