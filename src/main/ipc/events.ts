import type { EventChannel, EventMap } from '../../shared/bridge/contract'
import { assertNever } from '../../shared/errors'
import type { Core } from '../core/create-core'
import { desktopServices, onAnyTransferChanged } from '../desktop/desktop-services'

/** Connects one bridge event to its source in the core; every transport uses this. */
export function subscribeCoreEvent<E extends EventChannel>(
  core: Core,
  event: E,
  listener: (payload: EventMap[E]) => void,
): () => void {
  const channel: EventChannel = event
  switch (channel) {
    case 'transfers:changed':
      return onAnyTransferChanged(core, listener as (payload: EventMap['transfers:changed']) => void)
    case 'transfers:removed':
      return desktopServices(core).downloads.onRemoved(
        listener as (payload: EventMap['transfers:removed']) => void,
      )
    case 'connections:changed':
      return core.connections.onChanged(listener as (payload: EventMap['connections:changed']) => void)
    case 'app:command':
      return desktopServices(core).commands.onCommand(listener as (payload: EventMap['app:command']) => void)
    case 'objects:changed':
      return desktopServices(core).moves.onObjectsChanged(
        listener as (payload: EventMap['objects:changed']) => void,
      )
    default:
      return assertNever(channel)
  }
}
