// Every message to main is a write to a pipe and a serialization; a folder of small files
// produces several per file (state, progress, done), and those writes were the largest single
// cost of the engine for 1,000 x 64 KiB. Messages sent in one turn of the event loop go out
// together, in order, as one 'batch' message; a lone message goes out as itself.
import type { EngineToMain } from '../../shared/engine-protocol'

export interface Outbox {
  send(message: EngineToMain): void
  /** Sends what is queued now: before the process exits, nothing may stay behind. */
  flush(): void
}

export function batchedOutbox(post: (message: EngineToMain) => void): Outbox {
  let queue: EngineToMain[] = []
  const flush = () => {
    const messages = queue
    queue = []
    if (messages.length === 1) post(messages[0]!)
    else if (messages.length > 1) post({ type: 'batch', messages })
  }
  return {
    send: (message) => {
      if (queue.length === 0) setImmediate(flush)
      queue.push(message)
    },
    flush,
  }
}
