import type { MoveObjectsResult } from '../../../shared/bridge/contract'
import { moveSourceOf } from '../../../shared/move-plan'
import { moveRequestOf, runMoveSet, type MoveSetInput } from '../../core/transfers/move-set'
import { moveRoute } from '../../desktop/move-route'
import type { Handler } from '../handler-types'

/**
 * Folders renamed, rows dragged onto a folder or a breadcrumb, cut and pasted: each a journaled
 * move set, as `ferry mv` runs it (so `ferry resume --all` or the same move again finishes one
 * cut short). Every move is planned first, so a folder dropped into itself is refused before
 * anything changes.
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
  for (const input of inputs) moveRequestOf(input)
  const route = moveRoute(core, connectionId, request.to?.connectionId)
  const result: MoveObjectsResult = { moved: 0, skipped: 0, failed: 0, errors: [] }
  for (const input of inputs) {
    const summary = await runMoveSet(input, {
      ...route,
      onEvent: (e) => {
        if (e.kind === 'failed') result.errors.push(e.error)
      },
    })
    result.moved += summary.objects
    result.skipped += summary.skipped
    result.failed += summary.failed
    if (summary.stoppedBy) {
      result.errors.push(summary.stoppedBy)
      break
    }
  }
  return result
}
