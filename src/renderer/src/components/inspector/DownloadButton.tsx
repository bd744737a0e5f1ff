import { useState } from 'react'
import type { FerryErrorValue } from '../../../../shared/errors'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'

/** Asks for a folder (the OS dialog), then the downloads show in the Transfers panel. */
export function DownloadButton({ keys, prefixes = [] }: { keys: string[]; prefixes?: string[] }) {
  const download = useStore((s) => s.download)
  const [error, setError] = useState<FerryErrorValue | null>(null)
  const [busy, setBusy] = useState(false)
  const start = async () => {
    setBusy(true)
    const result = await download(keys, prefixes)
    setBusy(false)
    setError(result.ok ? null : result.error)
  }
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={busy || keys.length + prefixes.length === 0}
        onClick={() => void start()}
      >
        Download
      </button>
      {error ? (
        <div className="inspector__wide">
          <ErrorNotice title="Could not download" error={error} onDismiss={() => setError(null)} />
        </div>
      ) : null}
    </>
  )
}
