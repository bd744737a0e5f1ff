import type { MoveObjectsResult } from '../../../shared/bridge/contract'
import { moveSourceOf } from '../../../shared/move-plan'
import { withEncryptedFallback } from '../../core/transfers/encrypted-fallback'
import {
  moveRequestOf,
  runMoveSet,
  serverSideCopier,
  type MoveRunOptions,
  type MoveSetInput,
} from '../../core/transfers/move-set'
import { cancelStream } from '../../core/transfers/open-copies'
import { streamCopier } from '../../core/transfers/stream-copy'
import { journalConnection } from '../../journal/journal'
import type { Core } from '../../core/create-core'
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
      journalDir: core.transfers.journalDir,
      cancelStream: (id) => cancelStream(core.transfers, id),
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

/**
 * Within one connection, server-side (an encrypted object the store will not copy streams
 * through the engine under the same key); to another connection, every object streams.
 */
function moveRoute(
  core: Core,
  connectionId: string,
  toId: string | undefined,
): Pick<MoveRunOptions, 'from' | 'to' | 'copier' | 'connection' | 'toConnection'> {
  const from = core.client(connectionId)
  const connection = journalConnection(core.connections.resolve(connectionId), connectionId)
  if (toId === undefined || toId === connectionId)
    return {
      from,
      connection,
      copier: withEncryptedFallback(serverSideCopier(from), () =>
        streamCopier({
          manager: core.transfers,
          from,
          to: from,
          destination: { connectionId },
          tuning: {},
          keepEncryption: true,
        }),
      ),
    }
  const to = core.client(toId)
  return {
    from,
    to,
    connection,
    toConnection: journalConnection(core.connections.resolve(toId), toId),
    copier: streamCopier({
      manager: core.transfers,
      from,
      to,
      destination: { connectionId: toId },
      tuning: {},
    }),
  }
}
