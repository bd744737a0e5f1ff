import { EventEmitter } from 'node:events'
import { net, powerMonitor } from 'electron'
import type { SystemEvent, SystemEvents } from '../../core/ports'

const ONLINE_POLL_MS = 5_000

/** Sleep and wake from powerMonitor; online and offline by polling net.isOnline(). */
export function electronSystemEvents(): SystemEvents {
  const emitter = new EventEmitter()
  powerMonitor.on('suspend', () => emitter.emit('suspend'))
  powerMonitor.on('resume', () => emitter.emit('resume'))
  let online = net.isOnline()
  setInterval(() => {
    const now = net.isOnline()
    if (now !== online) emitter.emit(now ? 'online' : 'offline')
    online = now
  }, ONLINE_POLL_MS).unref()
  return {
    on(event: SystemEvent, listener: () => void) {
      emitter.on(event, listener)
      return () => emitter.off(event, listener)
    },
    isOnline: () => online,
  }
}
