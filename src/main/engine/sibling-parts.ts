// The parts of one upload in flight together: the first part that fails for good stops its
// siblings at once (their requests see the signal abort), while the transfer's own signal
// (pause, cancel) stops them all with its reason. Once all have settled, the sender answers
// with the transfer's stop, else the first failure.
import { isStop, StopReason, throwIfStopped } from '../s3/stop-signal'
import type { TransferContext } from './transfer-context'

export class SiblingParts {
  readonly #controller = new AbortController()
  readonly #transfer: AbortSignal
  readonly #forward: () => void
  #firstError: unknown
  /** The context each part is sent with: its signal aborts on a stop or a sibling's failure. */
  readonly ctx: TransferContext

  constructor(ctx: TransferContext) {
    this.#transfer = ctx.signal
    this.#forward = () => this.#controller.abort(ctx.signal.reason)
    if (ctx.signal.aborted) this.#forward()
    ctx.signal.addEventListener('abort', this.#forward, { once: true })
    this.ctx = { ...ctx, signal: this.#controller.signal }
  }

  get signal(): AbortSignal {
    return this.#controller.signal
  }

  get failed(): boolean {
    return this.#firstError !== undefined
  }

  /** A part failed: a stop is the transfer's to report; anything else also stops the siblings. */
  fail(e: unknown): void {
    if (!isStop(e) && this.#firstError === undefined) this.#firstError = e
    if (!this.#controller.signal.aborted) this.#controller.abort(new StopReason('failed'))
  }

  /** Stops following the transfer's signal: once every part has settled. */
  detach(): void {
    this.#transfer.removeEventListener('abort', this.#forward)
  }

  /** Throws the transfer's stop (pause, cancel), else the first part's failure. */
  throwIfFailed(): void {
    throwIfStopped(this.#transfer)
    if (this.#firstError !== undefined) throw this.#firstError
  }
}
