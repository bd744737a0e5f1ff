// The app's Sync...: a plan is made (both sides listed, nothing moved) and kept here under an
// id while the sheet shows it; confirming runs that very plan, so what moves is what was shown.
// Uploads run as the transfer manager's uploads, downloads through the download center's
// queue: either way each file is a row of the Transfers panel with pause, resume and cancel.
import { uploadEncryption } from '../core/connections/connection-encryption'
import { MAX_SHOWN, type SyncOutcome, type SyncPlanInput, type SyncPlanView } from '../../shared/domain/sync'
import { FerryError } from '../../shared/errors'
import type { Core } from '../core/create-core'
import { planSyncJob, type SyncJob } from '../core/transfers/sync'
import { runSync, type SyncRunDeps } from '../core/transfers/sync-run'
import { newTransferId } from '../core/transfers/transfer-ids'
import type { DownloadCenter } from './download-center'

/** Plans the sheet may still confirm; an older one is forgotten (the sheet plans again). */
const KEPT_PLANS = 8

export class SyncSessions {
  readonly #plans = new Map<string, { job: SyncJob; connectionId: string }>()

  constructor(
    private readonly core: Core,
    private readonly downloads: DownloadCenter,
  ) {}

  /** Decides with deletions listed; whether they are made is the confirmation's choice. */
  async plan(request: SyncPlanInput): Promise<SyncPlanView> {
    const { core } = this
    const { partSize, concurrency } = core.settings.tuning()
    // Uploads take the connection's default encryption; downloads read SSE-C objects with its
    // key through the download center.
    const protection =
      request.direction === 'upload'
        ? await uploadEncryption(core.connections, request.connectionId, { headers: { metadata: {} } })
        : undefined
    const job = await planSyncJob(
      {
        connection: core.connections.resolve(request.connectionId),
        connectionId: request.connectionId,
        direction: request.direction,
        folder: request.folder,
        bucket: request.bucket,
        prefix: request.prefix,
        compare: request.compare,
        delete: true,
        rules: [],
        partSize,
        concurrency,
        ...(protection?.headers.encryption ? { headers: protection.headers } : {}),
        ...(protection?.customerKey ? { customerKey: protection.customerKey } : {}),
      },
      {
        client: core.client(request.connectionId),
        partSizesFor: (bucket, key) => core.transfers.partSizesFor(bucket, key),
      },
    )
    const id = newTransferId()
    this.#plans.set(id, { job, connectionId: request.connectionId })
    for (const old of [...this.#plans.keys()].slice(0, -KEPT_PLANS)) this.#plans.delete(old)
    const { plan } = job
    return {
      id,
      direction: plan.direction,
      folder: job.request.folder,
      bucket: request.bucket,
      prefix: request.prefix,
      transfers: plan.transfers
        .slice(0, MAX_SHOWN)
        .map((t) => ({ path: t.path, size: t.size, detail: t.detail })),
      deletions: plan.deletions.slice(0, MAX_SHOWN).map((d) => ({ path: d.path, size: d.size })),
      totals: plan.totals,
      refused: job.refused.map((r) => ({ name: r.name, message: r.error.message })),
    }
  }

  /** Runs a plan once; resolves when every file has moved (or failed) and the deletions are made. */
  async run(id: string, deleteExtras: boolean): Promise<SyncOutcome> {
    const kept = this.#plans.get(id)
    if (!kept) {
      throw new FerryError({
        code: 'not-found',
        message: 'this sync plan is no longer at hand',
        fix: 'Plan the sync again, then confirm it.',
      })
    }
    this.#plans.delete(id)
    const { job, connectionId } = kept
    const chosen: SyncJob = deleteExtras ? job : { ...job, plan: { ...job.plan, deletions: [] } }
    let deletionsHeld: string | undefined
    const summary = await runSync(
      chosen,
      { manager: this.#scheduler(connectionId), client: this.core.client(connectionId) },
      {
        onEvent: (event) => {
          if (event.kind === 'deletions-held') deletionsHeld = event.reason
        },
      },
    )
    const { interrupted: _interrupted, ...counts } = summary
    return deletionsHeld === undefined ? counts : { ...counts, deletionsHeld }
  }

  /** The transfer manager for uploads, with downloads queued as download-center rows. */
  #scheduler(connectionId: string): SyncRunDeps['manager'] {
    const t = this.core.transfers
    const queue = this.downloads.queue(connectionId)
    return {
      upload: t.upload.bind(t),
      resume: t.resume.bind(t),
      cancel: t.cancel.bind(t),
      waitFor: t.waitFor.bind(t),
      pause: t.pause.bind(t),
      list: t.list.bind(t),
      resumable: t.resumable.bind(t),
      journalConnection: t.journalConnection.bind(t),
      untilReleased: t.untilReleased.bind(t),
      journalDir: t.journalDir,
      download: queue.download,
      stopDownload: queue.stopDownload,
    }
  }
}
