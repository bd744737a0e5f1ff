import type { MoveObjectsResult } from '../../../shared/bridge/contract'
import { moveSourceOf } from '../../../shared/move-plan'
import { withEncryptedFallback } from '../../core/transfers/encrypted-fallback'
import { moveRequestOf, runMoveSet, serverSideCopier, type MoveSetInput } from '../../core/transfers/move-set'
import { streamCopier } from '../../core/transfers/stream-copy'
import { journalConnection } from '../../journal/journal'
import type { Handler } from '../handler-types'

/**
 * Folders renamed, rows dragged onto a folder or a breadcrumb, cut and pasted: each a journaled
 * move set, as `ferry mv` runs it (so `ferry resume --all` or the same move again finishes one
 * cut short). Every move is planned first, so a folder dropped into itself is refused before
 * anything changes.
 */
export const moveObjectsHandler: Handler<'objects:move'> = async (request, core) => {
  const { connectionId, bucket, moves, ifExists } = request
  const inputs: MoveSetInput[] = moves.map((m) => ({
    op: 'move',
    source: moveSourceOf({ bucket, key: m.source }),
    destination: { bucket, key: m.target },
    ifExists,
  }))
  for (const input of inputs) moveRequestOf(input)
  const client = core.client(connectionId)
  const connection = journalConnection(core.connections.resolve(connectionId), connectionId)
  // An encrypted object the store will not copy server-side streams through the engine.
  const copier = withEncryptedFallback(serverSideCopier(client), () =>
    streamCopier({
      manager: core.transfers,
      from: client,
      to: client,
      destination: { connectionId },
      tuning: {},
      keepEncryption: true,
    }),
  )
  const result: MoveObjectsResult = { moved: 0, skipped: 0, failed: 0, errors: [] }
  for (const input of inputs) {
    const summary = await runMoveSet(input, {
      from: client,
      copier,
      journalDir: core.transfers.journalDir,
      connection,
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
