import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../store/store'
import { ObjectInspector } from './ObjectInspector'
import { SelectionSummary } from './SelectionSummary'
import './inspector.css'

/** The selected object's details and actions; for several rows, what they add up to. */
export function Inspector() {
  const { selection, connectionId, bucket } = useStore(
    useShallow((s) => ({ selection: s.selection, connectionId: s.selectedConnectionId, bucket: s.bucket })),
  )
  if (selection.length === 0 || !connectionId || !bucket) return null
  const only = selection.length === 1 ? selection[0]! : null
  return (
    <aside className="inspector" aria-label="Inspector">
      {only && !only.endsWith('/') ? (
        <ObjectInspector
          key={`${connectionId}/${bucket}/${only}`}
          connectionId={connectionId}
          bucket={bucket}
          objectKey={only}
        />
      ) : (
        <SelectionSummary ids={selection} />
      )}
    </aside>
  )
}
