// The folders a move or copy changed, for the window to refresh when it shows one of them: a
// move's source and target, a copy's target.
import type { ObjectPlace } from '../../shared/bridge/contract'
import type { MoveSource, MoveTarget } from '../../shared/move-plan'

export function placesOf(
  op: 'move' | 'copy',
  source: MoveSource,
  target: MoveTarget,
  connectionId: string,
  toConnectionId?: string,
): ObjectPlace[] {
  const folder = (key: string) => key.slice(0, key.lastIndexOf('/') + 1)
  const to = {
    connectionId: toConnectionId ?? connectionId,
    bucket: target.bucket,
    prefix: source.kind === 'prefix' ? target.key : folder(target.key),
  }
  if (op === 'copy') return [to]
  const prefix = source.kind === 'prefix' ? source.prefix : folder(source.key)
  return [{ connectionId, bucket: source.bucket, prefix }, to]
}
