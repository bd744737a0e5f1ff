import { useStore } from '../../store/store'
import type { SyncSheet } from '../../store/sync-sheet-slice'

/** The local folder, which way the files go, and how "changed" is decided. */
export function SyncSetup({ sheet }: { sheet: SyncSheet }) {
  const bucket = useStore((s) => s.bucket)
  const choose = useStore((s) => s.chooseSyncFolder)
  const setOptions = useStore((s) => s.setSyncOptions)
  const locked =
    sheet.stage.kind === 'planning' || sheet.stage.kind === 'running' || sheet.stage.kind === 'done'
  const remote = `${bucket ?? ''}/${sheet.prefix}`
  const local = sheet.folder ?? 'the local folder'
  return (
    <div className="sync-setup">
      <div className="sync-setup__folder">
        <span className="sync-setup__label" id="sync-folder-label">
          Local folder
        </span>
        <span
          className="sync-setup__path"
          aria-labelledby="sync-folder-label"
          title={sheet.folder ?? undefined}
        >
          {sheet.folder ?? <span className="muted">None chosen</span>}
        </span>
        <button type="button" className="button" disabled={locked} onClick={() => void choose()}>
          Choose folder...
        </button>
      </div>
      <fieldset className="sync-setup__choices" disabled={locked}>
        <legend className="sync-setup__label">Direction</legend>
        <label className="sync-setup__choice">
          <input
            type="radio"
            name="sync-direction"
            checked={sheet.direction === 'upload'}
            onChange={() => setOptions({ direction: 'upload' })}
          />
          Upload: {local} → {remote}
        </label>
        <label className="sync-setup__choice">
          <input
            type="radio"
            name="sync-direction"
            checked={sheet.direction === 'download'}
            onChange={() => setOptions({ direction: 'download' })}
          />
          Download: {remote} → {local}
        </label>
      </fieldset>
      <label className="sync-setup__choice" aria-disabled={locked}>
        <input
          type="checkbox"
          disabled={locked}
          checked={sheet.compare === 'checksum'}
          onChange={(e) => setOptions({ compare: e.target.checked ? 'checksum' : 'size-mtime' })}
        />
        Compare contents (checksums) instead of size and modification time
        <span className="muted">(slower: reads each file)</span>
      </label>
    </div>
  )
}
