import { useShallow } from 'zustand/react/shallow'
import { baseName, formatBytes } from '../../format'
import { useStore } from '../../store/store'
import { DeleteButton } from './DeleteButton'
import { DownloadButton } from './DownloadButton'

/** Several rows (or a folder): what they add up to, and what can be done with all of them. */
export function SelectionSummary({ ids }: { ids: string[] }) {
  // listVersion: later pages of the listing are appended to the same objects array.
  const { objects, setSelection } = useStore(
    useShallow((s) => ({ objects: s.objects, listVersion: s.listVersion, setSelection: s.setSelection })),
  )
  const keys = ids.filter((id) => !id.endsWith('/'))
  const prefixes = ids.filter((id) => id.endsWith('/'))
  const folders = prefixes.length
  const chosen = new Set(keys)
  const bytes = objects.filter((o) => chosen.has(o.key)).reduce((sum, o) => sum + o.size, 0)
  const title = ids.length === 1 ? baseName(ids[0]!) : `${ids.length.toLocaleString('en-US')} items selected`
  const parts: string[] = []
  if (keys.length)
    parts.push(
      `${keys.length.toLocaleString('en-US')} object${keys.length === 1 ? '' : 's'}, ${formatBytes(bytes)}`,
    )
  if (folders) parts.push(`${folders} folder${folders === 1 ? '' : 's'}`)
  return (
    <div className="inspector__content">
      <header className="inspector__header">
        <h2 className="inspector__title">{title}</h2>
        <p className="inspector__path muted">{parts.join(' and ')}</p>
      </header>
      <div className="inspector__actions">
        <DownloadButton keys={keys} prefixes={prefixes} />
        <DeleteButton ids={ids} />
        <button type="button" className="button" onClick={() => setSelection([])}>
          Clear selection
        </button>
      </div>
      {folders > 0 ? (
        <p className="muted inspector__hint">
          Each folder downloads with everything in it, into a folder of the same name.
        </p>
      ) : null}
    </div>
  )
}
