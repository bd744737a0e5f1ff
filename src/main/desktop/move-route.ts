// How the app runs a move or copy set between its saved connections: the window's moves
// (objects:move) and the sets it finishes at start (move-recovery.ts) go the same way.
import type { Core } from '../core/create-core'
import { withEncryptedFallback } from '../core/transfers/encrypted-fallback'
import { serverSideCopier, type MoveRunOptions } from '../core/transfers/move-set'
import { cancelStream } from '../core/transfers/open-copies'
import { streamCopier } from '../core/transfers/stream-copy'
import { journalConnection } from '../journal/journal'

export type MoveRoute = Pick<
  MoveRunOptions,
  'from' | 'to' | 'copier' | 'connection' | 'toConnection' | 'journalDir' | 'cancelStream'
>

/**
 * Within one connection, server-side (an encrypted object the store will not copy streams
 * through the engine under the same key); to another connection, every object streams.
 */
export function moveRoute(
  core: Core,
  connectionId: string,
  toId: string | undefined,
  /** Stops the copies under way (a Cancel or Pause in the Transfers panel, a quit). */
  signal?: AbortSignal,
): MoveRoute {
  const stop = signal ? { signal } : {}
  const from = core.client(connectionId)
  const connection = journalConnection(core.connections.resolve(connectionId), connectionId)
  const journaled = {
    journalDir: core.transfers.journalDir,
    cancelStream: (id: string) => cancelStream(core.transfers, id),
  }
  if (toId === undefined || toId === connectionId)
    return {
      ...journaled,
      from,
      connection,
      copier: withEncryptedFallback(serverSideCopier(from, {}, signal), () =>
        streamCopier({
          manager: core.transfers,
          from,
          to: from,
          destination: { connectionId },
          tuning: {},
          keepEncryption: true,
          ...stop,
        }),
      ),
    }
  const to = core.client(toId)
  return {
    ...journaled,
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
      ...stop,
    }),
  }
}
