// Downloads the scheduler runs in the engine for others: the app's download center and
// `ferry get`. They wait in the same queue as uploads; this holds what is theirs alone: the
// caller's callbacks, and a stop that may come before, while or after the engine has them.
import { FerryError } from '../../../shared/errors'
import type {
  DownloadJob,
  DownloadNote,
  DownloadOutcome,
  EngineConnection,
  EngineEvent,
} from '../../../shared/engine-protocol'
import type { ConnectionChoice } from './connection-resolution'
import type { EngineLink } from './engine-link'
import type { ProgressFigures } from './transfer-entry'

/** A download the engine runs for the download center or `ferry get`. */
export interface EngineDownload extends ConnectionChoice {
  transferId: string
  job: DownloadJob
  /** It left the queue and the engine has it. */
  onStarted?(): void
  onProgress(progress: ProgressFigures): void
  onVerifying(): void
  onNote?(note: DownloadNote): void
}

export const downloadStopped = (key: string): FerryError =>
  new FerryError({ code: 'cancelled', message: `the download of ${key} was stopped`, fix: 'Resume it.' })

interface DownloadRun {
  request: EngineDownload
  phase: 'queued' | 'running'
  stopped: boolean
  resolve(outcome: DownloadOutcome): void
  reject(error: unknown): void
}

export interface DownloadHost {
  link: EngineLink
  connectionOf(request: EngineDownload): EngineConnection
  prepare(connection: EngineConnection): Promise<EngineConnection>
  enqueue(id: string): void
  dequeue(id: string): boolean
  pump(): void
}

export class EngineDownloads {
  readonly #runs = new Map<string, DownloadRun>()
  #running = 0

  constructor(private readonly host: DownloadHost) {}

  get running(): number {
    return this.#running
  }

  /** Queues a download; resolves with its outcome, rejects when it fails or is stopped. */
  add(request: EngineDownload): Promise<DownloadOutcome> {
    return new Promise((resolve, reject) => {
      this.#runs.set(request.transferId, { request, phase: 'queued', stopped: false, resolve, reject })
      this.host.enqueue(request.transferId)
      this.host.pump()
    })
  }

  /** Whether this queued download is still wanted. */
  waiting(id: string): boolean {
    return this.#runs.get(id)?.phase === 'queued'
  }

  start(id: string): void {
    const run = this.#runs.get(id)
    if (!run || run.phase !== 'queued') return
    run.phase = 'running'
    this.#running++
    void this.#run(run)
  }

  /** Stops a download; its partial file and journal stay for the next run. */
  stop(id: string): void {
    const run = this.#runs.get(id)
    if (!run) return
    if (run.phase === 'queued') {
      this.host.dequeue(id)
      this.#runs.delete(id)
      run.reject(downloadStopped(run.request.job.key))
      return
    }
    run.stopped = true
    this.host.link.post({ type: 'pause', transferId: id })
  }

  /** Every download still queued stops (those running stop with the engine). */
  stopQueued(): void {
    for (const [id, run] of this.#runs) if (run.phase === 'queued') this.stop(id)
  }

  /** Routes an engine event to its download; false when it is not a download's. */
  onEvent(message: EngineEvent): boolean {
    const download = this.#runs.get(message.transferId)?.request
    if (!download) return false
    if (message.type === 'progress') download.onProgress(message)
    else if (message.type === 'state' && message.state === 'verifying') download.onVerifying()
    else if (message.type === 'download-note') download.onNote?.(message.note)
    return true
  }

  async #run(run: DownloadRun): Promise<void> {
    const { request } = run
    try {
      request.onStarted?.()
      const connection = await this.host.prepare(this.host.connectionOf(request))
      // Stopped while its credentials were being prepared: it never starts.
      if (run.stopped) throw downloadStopped(request.job.key)
      const reply = await this.host.link.request({
        type: 'download',
        transferId: request.transferId,
        connection,
        job: request.job,
      })
      if (reply.type === 'downloaded') run.resolve(reply.outcome)
      else if (reply.type === 'failed') throw new FerryError(reply.error)
      else throw downloadStopped(request.job.key)
    } catch (e) {
      run.reject(e)
    } finally {
      this.#runs.delete(request.transferId)
      this.#running--
      this.host.pump()
    }
  }
}
