import { EventEmitter } from 'node:events'
import type { SystemEvent, SystemEvents } from '../ports'

/** Power and network events in Node: nothing fires unless a test or the CLI emits it. */
export class ManualSystemEvents implements SystemEvents {
  readonly #emitter = new EventEmitter()
  #online = true

  on(event: SystemEvent, listener: () => void): () => void {
    this.#emitter.on(event, listener)
    return () => this.#emitter.off(event, listener)
  }

  isOnline(): boolean {
    return this.#online
  }

  emit(event: SystemEvent): void {
    if (event === 'online') this.#online = true
    if (event === 'offline') this.#online = false
    this.#emitter.emit(event)
  }
}
