import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'

/** What the last move did: under way, done (with the count), or what went wrong and the fix. */
export function MoveStatusNotice() {
  const status = useStore((s) => s.moveStatus)
  const dismiss = useStore((s) => s.dismissMoveStatus)
  const cut = useStore((s) => s.cut)
  if (status.kind === 'moving')
    return (
      <p className="browser__move-status" role="status">
        Moving {status.count === 1 ? 'one item' : `${status.count} items`}… The Transfers panel shows how far
        it got, and can pause or cancel it.
      </p>
    )
  if (status.kind === 'failed')
    return <ErrorNotice title="Could not move" error={status.error} onDismiss={dismiss} />
  if (status.kind === 'done') {
    const { moved, skipped, errors } = status.result
    return (
      <>
        <p className="browser__move-status" role="status">
          Moved {moved === 1 ? 'one object' : `${moved.toLocaleString()} objects`}
          {skipped ? `, ${skipped} skipped` : ''}
          {errors.length ? `, ${errors.length} could not move` : ''}.
        </p>
        {errors.slice(0, 3).map((e, i) => (
          <ErrorNotice key={i} title="Not moved" error={e} onDismiss={dismiss} />
        ))}
      </>
    )
  }
  if (cut)
    return (
      <p className="browser__move-status" role="status">
        {cut.ids.length === 1 ? 'One item' : `${cut.ids.length} items`} cut: open a folder and press Ctrl+V
        (⌘V) to move {cut.ids.length === 1 ? 'it' : 'them'} there.
      </p>
    )
  return null
}
