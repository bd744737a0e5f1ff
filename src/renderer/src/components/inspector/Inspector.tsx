import { useShallow } from 'zustand/react/shallow'
import { INSPECTOR_WIDTH } from '../../layout/panel-sizes'
import { useStore } from '../../store/store'
import { PanelToggle } from '../common/PanelToggle'
import { Splitter } from '../common/Splitter'
import { ObjectInspector } from './ObjectInspector'
import { SelectionSummary } from './SelectionSummary'
import './inspector.css'

const PANEL_ID = 'inspector'

/**
 * The selected object's details and actions; for several rows, what they add up to. Its left
 * edge resizes it; it collapses to a strip with a button that brings it back.
 */
export function Inspector() {
  const { selection, connectionId, bucket, width, collapsed, setPanels } = useStore(
    useShallow((s) => ({
      selection: s.selection,
      connectionId: s.selectedConnectionId,
      bucket: s.bucket,
      width: s.panels.inspectorWidth,
      collapsed: s.panels.inspectorCollapsed,
      setPanels: s.setPanels,
    })),
  )
  if (selection.length === 0 || !connectionId || !bucket) return null
  const collapse = (inspectorCollapsed: boolean) => setPanels({ inspectorCollapsed })
  const show = (expanded: boolean) => collapse(!expanded)
  const splitter = (
    <Splitter
      orientation="vertical"
      label="Resize inspector"
      controls={PANEL_ID}
      size={width}
      limits={INSPECTOR_WIDTH}
      collapsed={collapsed}
      onResize={(inspectorWidth) => setPanels({ inspectorWidth })}
      onCollapse={collapse}
    />
  )
  if (collapsed) {
    return (
      <>
        {splitter}
        <aside id={PANEL_ID} className="inspector inspector--collapsed" aria-label="Inspector">
          <PanelToggle panel="inspector" expanded={false} chevronClass="icon--flip" onToggle={show} />
        </aside>
      </>
    )
  }
  const only = selection.length === 1 ? selection[0]! : null
  return (
    <>
      {splitter}
      <aside
        id={PANEL_ID}
        className="inspector"
        aria-label="Inspector"
        style={{ width: `min(${width}px, 50%)` }}
      >
        <div className="inspector__bar">
          <PanelToggle panel="inspector" expanded onToggle={show} />
        </div>
        <div className="inspector__scroll">
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
        </div>
      </aside>
    </>
  )
}
