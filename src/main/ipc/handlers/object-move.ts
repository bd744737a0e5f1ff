import { moveSourceOf } from '../../../shared/move-plan'
import type { MoveSetInput } from '../../core/transfers/move-set'
import { desktopServices } from '../../desktop/desktop-services'
import type { Handler } from '../handler-types'

/**
 * Folders renamed, rows dragged onto a folder or a breadcrumb, cut and pasted: each a journaled
 * move set, as `ferry mv` runs it (so `ferry resume --all` or the same move again finishes one
 * cut short), together one row of the transfers panel (the move center), where it can be
 * followed, paused, cancelled and resumed. Every move is planned first, so a folder dropped
 * into itself is refused before anything changes. The answer comes when the row's run ends.
 */
export const moveObjectsHandler: Handler<'objects:move'> = async (request, core) => {
  const { connectionId, bucket, moves, ifExists } = request
  const toBucket = request.to?.bucket ?? bucket
  const inputs: MoveSetInput[] = moves.map((m) => ({
    op: 'move',
    source: moveSourceOf({ bucket, key: m.source }),
    destination: { bucket: toBucket, key: m.target },
    ifExists,
  }))
  const toId = request.to?.connectionId
  return desktopServices(core).moves.start({
    connectionId,
    ...(toId !== undefined ? { toId } : {}),
    op: 'move',
    inputs,
  })
}
