// Main's side of the engine process: launched on first use, messages held until it says
// 'ready' (a message sent before its listener exists would be lost), replies matched to
// requests by id, and every open request answered if the process dies.
import { randomUUID } from 'node:crypto'
import type { FerryErrorValue } from '../../../shared/errors'
import {
  isEngineReply,
  type EngineReply,
  type EngineRequest,
  type EngineEvent,
  type EngineToMain,
  type MainToEngine,
} from '../../../shared/engine-protocol'
import type { EngineLauncher, EngineProcess } from '../ports'

type Unsent<R> = R extends EngineRequest ? Omit<R, 'requestId'> : never

const STOPPED = 'the transfer engine stopped unexpectedly'

/** True for the failure every open request gets when the engine process dies. */
export const isEngineStopped = (error: FerryErrorValue): boolean =>
  error.code === 'internal' && error.message.startsWith(STOPPED)

export function engineStopped(code: number | null): FerryErrorValue {
  return {
    code: 'internal',
    message: `${STOPPED} (${code === null ? 'killed by a signal' : `exit code ${code}`})`,
    fix: 'Resume the transfer: parts that finished are checked and reused.',
    retryable: true,
  }
}

/**
 * A bandwidth limit that can change while transfers run (the app's setting; bytes per second of
 * each direction, 0: none). The engine follows it from its next slice, running transfers
 * included, and an engine started later (a restart after a crash) starts under it.
 */
export interface LiveLimit {
  current(): number
  onChanged(listener: (bytesPerSecond: number) => void): () => void
}

export class EngineLink {
  #process: EngineProcess | undefined
  #ready = false
  #outbox: MainToEngine[] = []
  readonly #pending = new Map<string, { transferId: string; resolve: (reply: EngineReply) => void }>()
  #exited: Promise<void> | undefined
  #closing = false
  /** Exits the link did not ask for: how the manager counts crashes (one per death, not per transfer). */
  crashes = 0
  /** The limit told to every engine this link starts ('bandwidth'); undefined: none given (the CLI). */
  #bandwidth: number | undefined
  readonly #stopFollowing: (() => void) | undefined

  constructor(
    private readonly launch: EngineLauncher,
    private readonly onEvent: (message: EngineEvent) => void,
    limit?: LiveLimit,
  ) {
    if (!limit) return
    this.#bandwidth = limit.current()
    this.#stopFollowing = limit.onChanged((bytesPerSecond) => {
      if (bytesPerSecond === this.#bandwidth) return
      this.#bandwidth = bytesPerSecond
      this.post({ type: 'bandwidth', bytesPerSecond })
    })
  }

  get running(): boolean {
    return this.#process !== undefined
  }

  get pid(): number | undefined {
    return this.#process?.pid
  }

  /** Sends a request (starting the engine if needed) and resolves with its one reply. */
  request(message: Unsent<EngineRequest>): Promise<EngineReply> {
    const requestId = randomUUID()
    const full = { ...message, requestId } as EngineRequest
    const transferId =
      full.type === 'upload' || full.type === 'stream' ? full.job.transferId : full.transferId
    return new Promise((resolve) => {
      this.#pending.set(requestId, { transferId, resolve })
      this.#send(full, true)
    })
  }

  /** Sends a message that needs no reply, if the engine runs (a pause never starts one). */
  post(message: MainToEngine): void {
    if (this.#process) this.#send(message, false)
  }

  /** Asks the engine to pause its jobs and exit; kills it if it does not within timeoutMs. */
  async close(timeoutMs = 12_000): Promise<void> {
    this.#stopFollowing?.()
    const child = this.#process
    if (!child) return
    const exited = this.#exited!
    this.#closing = true
    this.#send({ type: 'shutdown' }, false)
    let timer: ReturnType<typeof setTimeout> | undefined
    const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)))
    if ((await Promise.race([exited, timedOut])) === 'timeout') {
      child.kill()
      await exited
    }
    clearTimeout(timer)
  }

  #send(message: MainToEngine, launch: boolean): void {
    if (!this.#process) {
      if (!launch) return
      this.#start()
    }
    if (this.#ready) this.#process!.send(message)
    else this.#outbox.push(message)
  }

  #start(): void {
    const child = this.launch()
    this.#process = child
    this.#ready = false
    // Ahead of the request that starts it, so no transfer begins under the wrong limit.
    if (this.#bandwidth !== undefined)
      this.#outbox.push({ type: 'bandwidth', bytesPerSecond: this.#bandwidth })
    this.#exited = new Promise((resolveExit) => {
      child.onExit((code) => {
        if (this.#process === child) {
          this.#process = undefined
          this.#ready = false
          this.#outbox = []
        }
        if (!this.#closing) this.crashes++
        this.#closing = false
        const error = engineStopped(code)
        const pending = [...this.#pending.entries()]
        this.#pending.clear()
        for (const [requestId, { transferId, resolve }] of pending)
          resolve({ type: 'failed', requestId, transferId, error })
        resolveExit()
      })
    })
    const onMessage = (message: EngineToMain): void => {
      if (message.type === 'batch') {
        for (const m of message.messages) onMessage(m)
        return
      }
      if (message.type === 'ready') {
        this.#ready = true
        const queued = this.#outbox
        this.#outbox = []
        for (const m of queued) child.send(m)
        return
      }
      if (isEngineReply(message)) {
        const waiting = this.#pending.get(message.requestId)
        this.#pending.delete(message.requestId)
        waiting?.resolve(message)
        return
      }
      this.onEvent(message)
    }
    child.onMessage(onMessage)
  }
}
