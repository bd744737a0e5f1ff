// One upload, fresh or resumed, from the first stat to the journal's final record.
import { hostname } from 'node:os'
import { FerryError, type FerryErrorValue } from '../../shared/errors'
import type {
  EngineConnection,
  TransferNote,
  TransferTuning,
  UploadJob,
  UploadOutcome,
} from '../../shared/engine-protocol'
import { planParts, validateConcurrency } from '../../shared/part-plan'
import { DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE } from '../../shared/s3-limits'
import type { FlowResult } from './flow-result'
import { skippedResult } from './flow-result'
import {
  JOURNAL_VERSION,
  type FinalRecord,
  type HeaderRecord,
  type JournalRecord,
  type JournalView,
} from '../journal/journal'
import { readJournal } from '../journal/journal-reader'
import { transferCancelled, transferRunningElsewhere } from '../journal/transfer-errors'
import { JournalWriter } from '../journal/journal-writer'
import {
  abortMultipart,
  completeMultipart,
  createMultipart,
  listServerParts,
  sendParts,
  type PartsPlan,
  type ServerPart,
} from './multipart-upload'
import { destinationExists, headExisting } from './overwrite'
import { PartReader } from '../s3/part-reader'
import { currentProcessMark, isRunning } from '../journal/process-alive'
import { ProgressTracker } from './progress'
import {
  finalRecordOf,
  now,
  outcomeOf,
  reopenJournal,
  runContext,
  settleFailure,
  specFromHeader,
} from './run-support'
import { multipartThreshold } from '../../shared/tuning'
import { singlePut, type SinglePutArgs } from './single-put'
import { sameSource, statSource, type SourceStat } from '../s3/source-file'
import { resumeStream } from './stream/stream-job'
import { throwIfStopped } from '../s3/stop-signal'
import { specOfJob, type TransferSpec } from '../journal/transfer-spec'
import type { TransferContext, TransferEvents } from './transfer-context'
import { objectParams, type ObjectParams } from '../s3/upload-params'
import { compareObjectWithFile, verificationOf } from '../s3/object-equals-file'

export interface JobEnv {
  journalDir: string
  signal: AbortSignal
  events: TransferEvents
}

/** Failures after which the multipart upload has no future: it is aborted, and the journal closed. */
const ENDS_THE_UPLOAD: ReadonlySet<FerryErrorValue['code']> = new Set([
  'destination-exists',
  'source-missing',
  'source-not-a-file',
  'source-changed',
])

export async function runUpload(job: UploadJob, env: JobEnv): Promise<UploadOutcome> {
  return new UploadRun(specOfJob(job), job.connection, env, undefined).run()
}

export async function runResume(
  request: { transferId: string; connection: EngineConnection; tuning?: TransferTuning; sourceUrl?: string },
  env: JobEnv,
): Promise<UploadOutcome> {
  const view = await readJournal(env.journalDir, request.transferId)
  const h = view.header
  if (!view.final && isRunning(view.writer)) {
    throw transferRunningElsewhere(h.transferId, { pid: view.writer.pid, host: hostname() })
  }
  if (view.final?.status === 'done') return outcomeFromJournal(view)
  if (view.final?.status === 'cancelled') {
    throw transferCancelled(h.transferId)
  }
  if (h.stream) return resumeStream(view, request, env)
  const spec = specFromHeader(h, request.tuning)
  return new UploadRun(spec, request.connection, env, view).run()
}

function outcomeFromJournal(view: JournalView): UploadOutcome {
  const f = view.final!
  return {
    transferId: view.header.transferId,
    key: view.header.key,
    bytes: view.header.size,
    etag: f.etag ?? '',
    verification: f.verification ?? { verified: false, reason: 'not recorded' },
    partsUploaded: 0,
    partsReused: 0,
    skipped: f.skipped ?? false,
    notes: view.notes,
  }
}

/** The state of one run of a transfer: its journal, the current upload id, its notes. */
class UploadRun {
  readonly #ctx: TransferContext
  readonly #notes: TransferNote[] = []
  #journal: JournalWriter | undefined
  #uploadId: string | undefined
  #single = false
  /**
   * A single PUT's header (and notes), written together with its final record: one write
   * instead of two per small file. Until then its journal says 'queued', whose resume sends
   * the file again and takes an object equal to it as its own.
   */
  #deferred: JournalRecord[] | undefined
  readonly #progress: ProgressTracker

  constructor(
    private readonly spec: TransferSpec,
    connection: EngineConnection,
    private readonly env: JobEnv,
    private readonly view: JournalView | undefined,
  ) {
    this.#ctx = runContext(spec, connection, env, (note) => this.#note(note))
    this.#progress = new ProgressTracker(
      { transferId: spec.transferId, size: view?.header.size ?? 0, partsTotal: view?.header.partCount ?? 1 },
      env.events.progress,
    )
  }

  async run(): Promise<UploadOutcome> {
    const { spec, env } = this
    env.events.state('preparing')
    try {
      if (this.view) this.#journal = await reopenJournal(env.journalDir, spec.transferId)
      const params = objectParams(spec.headers, spec.source)
      const stat = await statSource(spec.source)
      throwIfStopped(env.signal)
      const result = await this.#attempt(stat, params)
      if (result.mismatch) {
        const error = new FerryError({
          code: 'integrity',
          message: `s3://${spec.bucket}/${spec.key} does not match ${spec.source}: ${result.verification.verified ? '' : result.verification.reason}`,
          fix: 'Upload the file again (ferry resume starts it over).',
        })
        await this.#final({ ...finalRecordOf(result), error: error.toValue() })
        throw error
      }
      await this.#final(finalRecordOf(result))
      this.#progress.flush()
      return outcomeOf(spec, result, this.#notes)
    } catch (e) {
      await this.#settleFailure(e)
      throw e
    } finally {
      this.#progress.flush()
      this.#progress.dispose()
      await this.#journal?.close()
    }
  }

  async #settleFailure(e: unknown): Promise<void> {
    // A failure is recorded after the header it belongs to.
    if (this.#deferred) await this.#writeDeferred([], 'none').catch(() => {})
    await settleFailure(e, {
      journal: this.#journal,
      abort: async () => {
        // A resumed run can fail before it adopts the journal's upload id (the source is gone
        // at the first stat): that upload is aborted too.
        const uploadId = this.#uploadId ?? (this.view?.final ? undefined : this.view?.header.uploadId)
        if (uploadId)
          await abortMultipart(this.#ctx.client, {
            ...this.#ctx.where,
            bucket: this.spec.bucket,
            key: this.spec.key,
            uploadId,
          })
      },
      final: (record) => this.#final(record),
      // Nothing to resume from when the file is gone, is no longer a file, or changed (a resume
      // starts over with the new contents): parts left on the server would only cost storage
      // until a lifecycle rule removes them.
      terminal: ENDS_THE_UPLOAD,
    })
  }

  async #final(record: Omit<FinalRecord, 't' | 'at'>): Promise<void> {
    const final: FinalRecord = { t: 'final', at: now(), ...record }
    // A lost final record of a single PUT costs a HEAD on resume (which finds the object equal
    // to the file); a flush per small file would cost far more across a folder of them.
    if (this.#deferred) return this.#writeDeferred([final], 'none')
    if (!this.#journal) return
    await this.#journal.append(final, this.#single ? 'none' : 'datasync')
  }

  async #writeDeferred(more: JournalRecord[], durability: 'none' | 'datasync'): Promise<void> {
    const records = [...this.#deferred!, ...more]
    this.#deferred = undefined
    this.#journal ??= await JournalWriter.open(this.env.journalDir, this.spec.transferId)
    await this.#journal.appendAll(records, durability)
  }

  #note(note: TransferNote): void {
    this.#notes.push(note)
    this.env.events.note(note)
    const record: JournalRecord = { t: 'note', at: now(), note }
    if (this.#deferred) this.#deferred.push(record)
    else void this.#journal?.append(record, 'none').catch(() => {})
  }

  async #attempt(stat: SourceStat, params: ObjectParams): Promise<FlowResult> {
    const view = this.view
    // Queued when its process died: it starts. A single PUT writes its header only with its
    // final record, so it may have been sent: an object equal to the file is its own.
    if (view?.header.kind === 'queued') return this.#fresh(stat, params, 'queued')
    if (view && view.final?.status !== 'failed') {
      const h = view.header
      const changed = !sameSource(stat, h)
      if (changed) {
        this.#note({
          code: 'source-changed',
          message: `${h.source} changed since the upload began (size ${h.size} -> ${stat.size}, modified ${new Date(h.mtimeMs).toISOString()} -> ${new Date(stat.mtimeMs).toISOString()}); the old upload was aborted and the file is uploaded again`,
        })
        if (h.uploadId)
          await abortMultipart(this.#ctx.client, {
            ...this.#ctx.where,
            bucket: h.bucket,
            key: h.key,
            uploadId: h.uploadId,
          })
      } else if (h.kind === 'multipart' && h.uploadId) {
        const server = await listServerParts(
          this.#ctx.client,
          { bucket: h.bucket, key: h.key, uploadId: h.uploadId },
          this.#ctx,
        )
        throwIfStopped(this.env.signal)
        if (server !== 'missing') {
          this.#uploadId = h.uploadId
          return this.#multipart(
            { size: h.size, partSize: h.partSize, partCount: h.partCount },
            stat,
            server,
            view,
          )
        }
        const landed = await this.#completedBeforeCrash(h, stat)
        if (landed) return landed
        this.#note({
          code: 'upload-missing',
          message: `the multipart upload ${h.uploadId} no longer exists on the server (aborted or expired); the file is uploaded again`,
        })
      } else if (h.kind === 'single') {
        return this.#fresh(stat, params, 'sent')
      }
    }
    return this.#fresh(stat, params, 'no')
  }

  /** The upload vanished: if the object is there and equals the file, Complete ran before the crash. */
  async #completedBeforeCrash(h: HeaderRecord, stat: SourceStat): Promise<FlowResult | undefined> {
    const existing = await headExisting(this.#ctx)
    if (!existing) return undefined
    const verdict = await compareObjectWithFile(
      existing,
      { path: h.source, size: stat.size },
      { partSize: h.partSize, signal: this.env.signal },
    )
    if (verdict.kind !== 'equal') return undefined
    this.#progress.reset({ size: stat.size, partsTotal: h.partCount })
    return {
      size: stat.size,
      etag: verdict.how.localEtag,
      verification: verificationOf(verdict),
      mismatch: false,
      partsUploaded: 0,
      partsReused: h.partCount,
      skipped: false,
    }
  }

  #header(
    plan: PartsPlan & { kind: 'single' | 'multipart' },
    stat: SourceStat,
    uploadId?: string,
  ): HeaderRecord {
    const { spec } = this
    return {
      t: 'header',
      v: JOURNAL_VERSION,
      transferId: spec.transferId,
      kind: plan.kind,
      at: now(),
      ...currentProcessMark(),
      source: spec.source,
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      partSize: plan.partSize,
      partCount: plan.partCount,
      bucket: spec.bucket,
      key: spec.key,
      ...(uploadId ? { uploadId } : {}),
      headers: spec.headers,
      ifExists: spec.ifExists,
      tuning: spec.tuning,
      connection: spec.connection,
    }
  }

  async #writeHeader(header: HeaderRecord, durable: boolean): Promise<void> {
    this.#journal ??= await JournalWriter.open(this.env.journalDir, this.spec.transferId)
    if (durable) await this.#journal.writeHeader(header)
    else await this.#journal.append(header, 'none')
  }

  async #fresh(
    stat: SourceStat,
    params: ObjectParams,
    resumed: SinglePutArgs['resumed'],
  ): Promise<FlowResult> {
    const { spec } = this
    const concurrency = spec.tuning.concurrency ?? DEFAULT_CONCURRENCY
    validateConcurrency(concurrency)
    const plan = planParts(stat.size, {
      partSize: spec.tuning.partSize ?? DEFAULT_PART_SIZE,
      multipartThreshold: multipartThreshold(spec.tuning),
    })
    this.#uploadId = undefined
    this.#single = plan.kind === 'single'
    if (plan.kind === 'single') {
      // One request: its progress is reported once, when it is done.
      this.#progress.reset({ size: stat.size, partsTotal: 1 })
      // A single PUT has no upload id to lose: its header waits for the final record.
      this.#deferred = [
        this.#header(
          { kind: 'single', size: stat.size, partSize: Math.max(1, stat.size), partCount: 1 },
          stat,
        ),
      ]
      return singlePut(this.#ctx, { stat, params, progress: this.#progress, resumed })
    }
    this.#progress.reset({ size: stat.size, partsTotal: plan.partCount })
    this.#progress.announce()
    if (spec.ifExists !== 'overwrite') {
      // Before any part is sent: a transfer that must not overwrite wastes no data.
      const existing = await headExisting(this.#ctx)
      throwIfStopped(this.env.signal)
      if (existing) {
        await this.#writeHeader(this.#header({ ...plan, kind: 'multipart' }, stat), false)
        if (spec.ifExists === 'skip') return skippedResult(stat.size, existing.etag.replaceAll('"', ''))
        throw destinationExists(this.#ctx)
      }
    }
    const uploadId = await createMultipart(this.#ctx, params)
    this.#uploadId = uploadId
    await this.#writeHeader(this.#header({ ...plan, kind: 'multipart' }, stat, uploadId), true)
    throwIfStopped(this.env.signal)
    return this.#multipart(plan, stat, new Map(), undefined)
  }

  async #multipart(
    plan: PartsPlan,
    stat: SourceStat,
    server: Map<number, ServerPart>,
    view: JournalView | undefined,
  ): Promise<FlowResult> {
    const uploadId = this.#uploadId!
    this.#progress.reset({ size: plan.size, partsTotal: plan.partCount })
    this.#progress.announce()
    this.env.events.state('uploading')
    const reader = await PartReader.open(this.spec.source)
    let parts
    try {
      parts = await sendParts(this.#ctx, {
        plan,
        uploadId,
        reader,
        server,
        journaled: view?.parts ?? new Map(),
        journal: this.#journal!,
        progress: this.#progress,
        concurrency: this.spec.tuning.concurrency ?? DEFAULT_CONCURRENCY,
      })
    } finally {
      await reader.close()
    }
    this.#progress.flush()
    const reused = parts.filter((p) => p.reused).length
    const done = await completeMultipart(this.#ctx, { plan, uploadId, parts, stat })
    if (done.kind === 'exists') {
      await abortMultipart(this.#ctx.client, {
        ...this.#ctx.where,
        bucket: this.spec.bucket,
        key: this.spec.key,
        uploadId,
      })
      this.#uploadId = undefined
      if (this.spec.ifExists === 'skip') return skippedResult(plan.size, done.etag)
      throw destinationExists(this.#ctx)
    }
    return {
      size: plan.size,
      etag: done.etag,
      verification: done.comparison.verification,
      mismatch: done.comparison.mismatch,
      partsUploaded: parts.length - reused,
      partsReused: reused,
      skipped: false,
    }
  }
}
