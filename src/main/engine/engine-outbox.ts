// Every message to main is a write to a pipe and a serialization; a folder of small files
// produces several per file (preparing, uploading, progress, done), and those writes were the
// largest single cost of the engine for 1,000 x 64 KiB after the S3 requests themselves.
//
// Progress and state events are held for a moment and only the latest of each kind per transfer
// is sent: a transfer that finishes meanwhile (any small file) sends its 'done' alone, since the
// outcome carries every figure. Other replies (failed, paused, cancelled) go out after the
// transfer's held events, so that the figures it stopped at are known. Everything else goes
// out at the end of the event loop's turn, in order, as one 'batch' message.
import { isEngineReply, type EngineToMain } from '../../shared/engine-protocol'

export interface Outbox {
  send(message: EngineToMain): void
  /** Sends everything now: before the process exits, nothing may stay behind. */
  flush(): void
}

/** How long progress and state may wait: main shows changes every 100 ms anyway. */
export const EVENT_HOLD_MS = 50

type Held = Extract<EngineToMain, { type: 'progress' } | { type: 'state' }>

export function batchedOutbox(post: (message: EngineToMain) => void, holdMs = EVENT_HOLD_MS): Outbox {
  let queue: EngineToMain[] = []
  const held = new Map<string, Held[]>()
  let timer: ReturnType<typeof setTimeout> | undefined

  const send = (messages: EngineToMain[]) => {
    if (messages.length === 1) post(messages[0]!)
    else if (messages.length > 1) post({ type: 'batch', messages })
  }
  const sendQueued = () => {
    const messages = queue
    queue = []
    send(messages)
  }
  const releaseHeld = () => {
    if (timer) clearTimeout(timer)
    timer = undefined
    const messages = [...held.values()].flat()
    held.clear()
    send(messages)
  }
  const enqueue = (message: EngineToMain) => {
    if (queue.length === 0) setImmediate(sendQueued)
    queue.push(message)
  }

  return {
    send: (message) => {
      if (message.type === 'progress' || message.type === 'state') {
        const list = held.get(message.transferId) ?? []
        const same = list.findIndex((m) => m.type === message.type)
        if (same >= 0) list.splice(same, 1)
        list.push(message)
        held.set(message.transferId, list)
        if (!timer) {
          timer = setTimeout(releaseHeld, holdMs)
          timer.unref?.()
        }
        return
      }
      if (isEngineReply(message)) {
        const id = message.type === 'done' ? message.outcome.transferId : message.transferId
        const pending = held.get(id)
        held.delete(id)
        if (pending && message.type !== 'done') for (const m of pending) enqueue(m)
      }
      enqueue(message)
    },
    flush: () => {
      releaseHeld()
      sendQueued()
    },
  }
}
