// Routes protocol messages to transfer jobs and answers each request exactly once.
import { assertNever, FerryError, toErrorValue } from '../../shared/errors'
import { redactErrorValue } from '../../shared/secrets-in-use'
import type {
  EngineReply,
  EngineToMain,
  EngineTransferState,
  MainToEngine,
  UploadOutcome,
} from '../../shared/engine-protocol'
import { runDownload } from './download/download-job'
import { cancelJournaled } from './cancel-job'
import { setBandwidthLimit } from './bandwidth'
import { renewLease } from './credential-leases'
import { destroyClients } from './s3-clients'
import { isStop, StopReason } from '../s3/stop-signal'
import { runStream } from './stream/stream-job'
import { runResume } from './resume-job'
import type { JobEnv, TransferEvents } from './transfer-context'
import type { CustomerKey } from '../../shared/encryption'
import { runUpload } from './upload-job'

const done = async (requestId: string, outcome: Promise<UploadOutcome>): Promise<EngineReply> => ({
  type: 'done',
  requestId,
  outcome: await outcome,
})

interface RunningJob {
  controller: AbortController
  done: Promise<void>
}

export class JobRunner {
  readonly #jobs = new Map<string, RunningJob>()

  constructor(private readonly send: (message: EngineToMain) => void) {}

  get running(): number {
    return this.#jobs.size
  }

  handle(message: MainToEngine): void {
    switch (message.type) {
      case 'upload':
        this.#start(
          message.requestId,
          message.job.transferId,
          message.journalDir,
          (env) => done(message.requestId, runUpload(message.job, env)),
          message.job.customerKey,
        )
        return
      case 'resume':
        this.#start(
          message.requestId,
          message.transferId,
          message.journalDir,
          (env) =>
            done(
              message.requestId,
              runResume(
                {
                  transferId: message.transferId,
                  connection: message.connection,
                  ...(message.tuning ? { tuning: message.tuning } : {}),
                  ...(message.sourceUrl ? { sourceUrl: message.sourceUrl } : {}),
                },
                env,
              ),
            ),
          message.customerKey,
        )
        return
      case 'stream':
        this.#start(
          message.requestId,
          message.job.transferId,
          message.journalDir,
          (env) => done(message.requestId, runStream(message.job, env)),
          message.job.customerKey,
        )
        return
      case 'download': {
        const { requestId, transferId } = message
        // Its journal is a sidecar of the target file, not a file in the journal folder.
        this.#start(requestId, transferId, '', async (env) => ({
          type: 'downloaded',
          requestId,
          transferId,
          outcome: await runDownload(message, env),
        }))
        return
      }
      case 'pause':
        this.#jobs.get(message.transferId)?.controller.abort(new StopReason('pause'))
        return
      case 'cancel':
        void this.#cancel(message)
        return
      case 'credentials':
        renewLease(message.connection)
        return
      case 'bandwidth':
        setBandwidthLimit(message.bytesPerSecond)
        return
      case 'shutdown':
        // The entry exits once shutdown() settles.
        return
      default:
        assertNever(message)
    }
  }

  /** Pauses every job (their journals stay resumable) and waits for them, at most timeoutMs. */
  async shutdown(timeoutMs = 10_000): Promise<void> {
    for (const job of this.#jobs.values()) job.controller.abort(new StopReason('pause'))
    const all = Promise.all([...this.#jobs.values()].map((j) => j.done))
    await Promise.race([all, new Promise((r) => setTimeout(r, timeoutMs).unref())])
    destroyClients()
  }

  #events(transferId: string): TransferEvents {
    let last: EngineTransferState | undefined
    return {
      progress: (p) => this.send({ type: 'progress', ...p }),
      state: (state) => {
        if (state === last) return
        last = state
        this.send({ type: 'state', transferId, state })
      },
      note: (note) => this.send({ type: 'note', transferId, note }),
      downloadNote: (note) => this.send({ type: 'download-note', transferId, note }),
    }
  }

  #start(
    requestId: string,
    transferId: string,
    journalDir: string,
    run: (env: JobEnv) => Promise<EngineReply>,
    customerKey?: CustomerKey,
  ): void {
    if (this.#jobs.has(transferId)) {
      this.send({
        type: 'failed',
        requestId,
        transferId,
        error: {
          code: 'bad-input',
          message: `transfer ${transferId} is already running`,
          fix: 'Wait for it, or pause it first.',
        },
      })
      return
    }
    const controller = new AbortController()
    const env: JobEnv = {
      journalDir,
      signal: controller.signal,
      events: this.#events(transferId),
      ...(customerKey ? { customerKey } : {}),
    }
    const done = (async () => {
      try {
        this.send(await run(env))
      } catch (e) {
        if (isStop(e) && e.kind === 'pause') this.send({ type: 'paused', requestId, transferId })
        else if (isStop(e) && e.kind === 'cancel') this.send({ type: 'cancelled', requestId, transferId })
        else {
          const error = isStop(e)
            ? new FerryError({
                code: 'internal',
                message: 'the transfer stopped unexpectedly',
                fix: 'Resume it.',
                retryable: true,
              }).toValue()
            : redactErrorValue(toErrorValue(e))
          this.send({ type: 'failed', requestId, transferId, error })
        }
      } finally {
        this.#jobs.delete(transferId)
      }
    })()
    this.#jobs.set(transferId, { controller, done })
  }

  async #cancel(message: Extract<MainToEngine, { type: 'cancel' }>): Promise<void> {
    const { requestId, transferId } = message
    try {
      const job = this.#jobs.get(transferId)
      if (job) {
        job.controller.abort(new StopReason('cancel'))
        await job.done
      } else {
        await cancelJournaled(message.journalDir, transferId, message.connection)
      }
      this.send({ type: 'cancelled', requestId, transferId })
    } catch (e) {
      this.send({ type: 'failed', requestId, transferId, error: redactErrorValue(toErrorValue(e)) })
    }
  }
}
