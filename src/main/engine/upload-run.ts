// The skeleton every upload run shares, a local file's and a streamed URL's: reopen the journal,
// look at the source, carry on the journaled multipart upload or start one (a HEAD first for
// --if-exists fail|skip, the upload id journaled the moment it exists), send the parts, complete
// and verify, and write the final record. A pause, a cancel or a failure leaves the journal and
// the upload as settleFailure says. Each kind plugs in how its source is looked at, planned,
// compared with the journal's, and read into parts.
import { FerryError, type FerryErrorCode } from '../../shared/errors'
import type { EngineConnection, SourceCheck, TransferNote, UploadOutcome } from '../../shared/engine-protocol'
import { skippedResult, type FlowResult } from './flow-result'
import {
  JOURNAL_VERSION,
  type FinalRecord,
  type HeaderRecord,
  type JournalRecord,
  type JournalView,
  type StreamRecord,
} from '../journal/journal'
import { JournalWriter } from '../journal/journal-writer'
import {
  abortMultipart,
  createMultipart,
  listServerParts,
  type PartOutcome,
  type PartsToSend,
  type ServerPart,
} from './multipart-upload'
import { completeMultipart } from './complete-multipart'
import { destinationExists, headExisting } from './overwrite'
import { currentProcessMark } from '../journal/process-alive'
import { ProgressTracker } from './progress'
import { finalRecordOf, now, outcomeOf, reopenJournal, runContext, settleFailure } from './run-support'
import type { SinglePutArgs } from './single-put'
import type { SourceStat } from '../s3/source-file'
import { throwIfStopped } from '../s3/stop-signal'
import type { JobEnv, TransferContext, TransferSpec } from './transfer-context'
import type { ObjectParams } from '../s3/upload-params'

/** How a run ended, with a streamed source's own digest check when there was one. */
export interface RunResult extends FlowResult {
  sourceCheck?: SourceCheck
}

/** Whether an earlier run may have stored the object already. */
export type Resumed = SinglePutArgs['resumed']

export interface Sending {
  /** Progress totals while the parts go (0 parts for a source of unknown length). */
  size: number
  partsTotal: number
  partSize: number
  server: Map<number, ServerPart>
  view: JournalView | undefined
  /** Sends every part; `size` is the source's length, known only now for an unsized stream. */
  send(parts: PartsToSend): Promise<{ parts: PartOutcome[]; size: number }>
  /** Parts read at different times form the object only if the source did not change in between. */
  unchanged: { stat: SourceStat } | { checkSource: () => Promise<void> }
}

/** The header fields a kind decides; the rest comes from the run's spec. */
export interface HeaderFields {
  kind: 'single' | 'multipart'
  size: number
  mtimeMs: number
  partSize: number
  partCount: number
  stream?: StreamRecord
}

export abstract class UploadRun<Found> {
  protected readonly ctx: TransferContext
  protected readonly progress: ProgressTracker
  protected journal: JournalWriter | undefined
  protected uploadId: string | undefined
  /** The full-object checksum the run's multipart upload was created with (its journal keeps it). */
  protected checksum: 'CRC32' | undefined
  /** A single PUT: its final record is not flushed (see #final). */
  protected single = false
  /**
   * A single PUT's header (and notes), written together with its final record: one write
   * instead of two per small file. Until then its journal says 'queued', whose resume sends
   * the file again and takes an object equal to it as its own.
   */
  protected deferred: JournalRecord[] | undefined
  readonly #notes: TransferNote[] = []

  /** Failures nothing can be resumed from: the upload is aborted and the journal closed as failed. */
  protected abstract readonly terminal: ReadonlySet<FerryErrorCode>
  /** How the note of a restart ends: what happens to the source now. */
  protected abstract readonly again: string

  constructor(
    protected readonly spec: TransferSpec,
    connection: EngineConnection,
    protected readonly env: JobEnv,
    protected readonly view: JournalView | undefined,
    partsTotal: number,
  ) {
    this.ctx = runContext(spec, connection, env, (note) => this.#note(note))
    this.progress = new ProgressTracker(
      {
        transferId: spec.transferId,
        size: view?.header.size ?? 0,
        partsTotal: view?.header.partCount ?? partsTotal,
      },
      env.events.progress,
    )
  }

  /** Checks made before the journal is touched. */
  protected checkTuning(): void {}
  /** The object's headers (a content type guessed from the name given). */
  protected abstract params(): ObjectParams
  /** Stats the file, or probes the URL. */
  protected abstract look(): Promise<Found>
  /** How the source differs from the one the journal's upload began with; undefined if the same. */
  protected abstract changeSince(header: HeaderRecord, found: Found): string | undefined
  /** Sends the rest of the journaled upload, whose id the run has adopted. */
  protected abstract carryOn(
    view: JournalView,
    found: Found,
    server: Map<number, ServerPart>,
  ): Promise<RunResult>
  /** Plans the source and uploads it from the start. */
  protected abstract fresh(found: Found, params: ObjectParams, resumed: Resumed): Promise<RunResult>
  /** The failure for a verified mismatch. */
  protected abstract mismatchError(result: RunResult): FerryError
  /** Releases what the source holds open. */
  protected close(): void {}

  async run(): Promise<UploadOutcome> {
    const { spec, env } = this
    env.events.state('preparing')
    try {
      this.checkTuning()
      // Before the journal is touched: a resume without its SSE-C key fails and changes nothing.
      const params = this.params()
      if (this.view) this.journal = await reopenJournal(env.journalDir, spec.transferId)
      const result = await this.attempt(params)
      const record = finalRecordOf(result)
      if (result.mismatch) {
        const error = this.mismatchError(result)
        await this.#final({ ...record, error: error.toValue() })
        throw error
      }
      await this.#final(record)
      this.progress.flush()
      return {
        ...outcomeOf(spec, result, this.#notes),
        ...(result.sourceCheck ? { sourceCheck: result.sourceCheck } : {}),
      }
    } catch (e) {
      await this.#settleFailure(e)
      throw e
    } finally {
      this.progress.flush()
      this.progress.dispose()
      this.close()
      await this.journal?.close()
    }
  }

  protected async attempt(params: ObjectParams): Promise<RunResult> {
    const found = await this.look()
    throwIfStopped(this.env.signal)
    return this.resumeOrStart(found, params)
  }

  /** Carries on the journal's upload when the source is provably the same; otherwise starts over. */
  protected async resumeOrStart(found: Found, params: ObjectParams): Promise<RunResult> {
    const view = this.view
    // Queued when its process died: it starts. A single PUT writes its header only with its
    // final record, so it may have been sent: an object equal to the file is its own.
    if (view?.header.kind === 'queued') return this.fresh(found, params, 'queued')
    if (view && view.final?.status !== 'failed') {
      const h = view.header
      const change = this.changeSince(h, found)
      if (change !== undefined) {
        this.ctx.note({
          code: 'source-changed',
          message: `${h.source} changed since the upload began (${change}); the old upload was aborted and ${this.again}`,
        })
        if (h.uploadId)
          await abortMultipart(this.ctx.client, {
            ...this.ctx.where,
            bucket: h.bucket,
            key: h.key,
            uploadId: h.uploadId,
          })
      } else if (h.kind === 'multipart' && h.uploadId) {
        const server = await listServerParts(
          this.ctx.client,
          { bucket: h.bucket, key: h.key, uploadId: h.uploadId },
          this.ctx,
        )
        throwIfStopped(this.env.signal)
        if (server !== 'missing') {
          this.uploadId = h.uploadId
          this.checksum = h.checksum
          return this.carryOn(view, found, server)
        }
        const landed = await this.completedBeforeCrash(h, found)
        if (landed) return landed
        this.ctx.note({
          code: 'upload-missing',
          message: `the multipart upload ${h.uploadId} no longer exists on the server (aborted or expired); ${this.again}`,
        })
      } else if (h.kind === 'single') {
        return this.fresh(found, params, 'sent')
      }
    }
    return this.fresh(found, params, 'no')
  }

  /** The journal's upload vanished: a kind that can prove Complete ran before a crash says so. */
  protected async completedBeforeCrash(_header: HeaderRecord, _found: Found): Promise<RunResult | undefined> {
    return undefined
  }

  /**
   * Starts a multipart upload: for --if-exists fail|skip a HEAD first, so no part is sent for a
   * key that is taken. Returns the skipped result when the key is taken and kept.
   */
  protected async createUpload(
    params: ObjectParams,
    header: HeaderFields,
    skippedSize: number | undefined,
  ): Promise<{ skipped: RunResult } | { uploadId: string }> {
    const { spec } = this
    if (spec.ifExists !== 'overwrite') {
      const existing = await headExisting(this.ctx)
      throwIfStopped(this.env.signal)
      if (existing) {
        await this.writeHeader(this.header(header), false)
        if (spec.ifExists === 'skip')
          return { skipped: skippedResult(skippedSize ?? existing.size, existing.etag.replaceAll('"', '')) }
        throw destinationExists(this.ctx)
      }
    }
    const { uploadId, checksum } = await createMultipart(this.ctx, params)
    this.uploadId = uploadId
    this.checksum = checksum
    await this.writeHeader(this.header(header, uploadId), true)
    throwIfStopped(this.env.signal)
    return { uploadId }
  }

  /** Sends the parts of the run's upload, completes it, and reads back what S3 stored. */
  protected async sendAndComplete(sending: Sending): Promise<RunResult> {
    const { spec, env } = this
    const uploadId = this.uploadId!
    this.progress.reset({ size: sending.size, partsTotal: sending.partsTotal })
    this.progress.announce()
    env.events.state('uploading')
    const { parts, size } = await sending.send({
      uploadId,
      journal: this.journal!,
      progress: this.progress,
      server: sending.server,
      journaled: sending.view?.parts ?? new Map(),
      checksum: this.checksum,
    })
    this.progress.flush()
    const done = await completeMultipart(this.ctx, {
      plan: { size, partSize: sending.partSize, partCount: parts.length },
      uploadId,
      parts,
      checksum: this.checksum,
      ...('stat' in sending.unchanged
        ? { stat: sending.unchanged.stat }
        : { stat: { size, mtimeMs: 0 }, checkSource: sending.unchanged.checkSource }),
    })
    if (done.kind === 'exists') {
      await this.abort(uploadId)
      if (spec.ifExists === 'skip') return skippedResult(size, done.etag)
      throw destinationExists(this.ctx)
    }
    const reused = parts.filter((p) => p.reused).length
    return {
      size,
      etag: done.etag,
      verification: done.comparison.verification,
      mismatch: done.comparison.mismatch,
      partsUploaded: parts.length - reused,
      partsReused: reused,
      skipped: false,
    }
  }

  protected async abort(uploadId: string | undefined): Promise<void> {
    if (!uploadId) return
    await abortMultipart(this.ctx.client, {
      ...this.ctx.where,
      bucket: this.spec.bucket,
      key: this.spec.key,
      uploadId,
    })
    if (uploadId === this.uploadId) this.uploadId = undefined
  }

  /**
   * The upload a terminal failure or a cancel aborts. A resumed run can fail before it adopts
   * the journal's upload id (a file gone at the first stat, a URL that now answers 404): that
   * upload is aborted too, since a failed transfer starts over and would never reach it again.
   */
  private uploadToAbort(): string | undefined {
    return this.uploadId ?? (this.view?.final ? undefined : this.view?.header.uploadId)
  }

  protected header(fields: HeaderFields, uploadId?: string): HeaderRecord {
    const { spec } = this
    return {
      t: 'header',
      v: JOURNAL_VERSION,
      transferId: spec.transferId,
      kind: fields.kind,
      at: now(),
      ...currentProcessMark(),
      source: spec.source,
      size: fields.size,
      mtimeMs: fields.mtimeMs,
      partSize: fields.partSize,
      partCount: fields.partCount,
      bucket: spec.bucket,
      key: spec.key,
      ...(uploadId ? { uploadId } : {}),
      ...(uploadId && this.checksum ? { checksum: this.checksum } : {}),
      headers: spec.headers,
      ifExists: spec.ifExists,
      tuning: spec.tuning,
      connection: spec.connection,
      ...(fields.stream ? { stream: fields.stream } : {}),
    }
  }

  protected async writeHeader(header: HeaderRecord, durable: boolean): Promise<void> {
    this.journal ??= await JournalWriter.open(this.env.journalDir, this.spec.transferId)
    if (durable) await this.journal.writeHeader(header)
    else await this.journal.append(header, 'none')
  }

  async #settleFailure(e: unknown): Promise<void> {
    // A failure is recorded after the header it belongs to.
    if (this.deferred) await this.#writeDeferred([], 'none').catch(() => {})
    await settleFailure(e, {
      journal: this.journal,
      abort: async () => {
        const uploadId = this.uploadToAbort()
        if (uploadId)
          await abortMultipart(this.ctx.client, {
            ...this.ctx.where,
            bucket: this.spec.bucket,
            key: this.spec.key,
            uploadId,
          })
      },
      final: (record) => this.#final(record),
      terminal: this.terminal,
    })
  }

  async #final(record: Omit<FinalRecord, 't' | 'at'>): Promise<void> {
    const final: FinalRecord = { t: 'final', at: now(), ...record }
    // A lost final record of a single PUT costs a HEAD on resume (which finds the object equal
    // to the file); a flush per small file would cost far more across a folder of them.
    if (this.deferred) return this.#writeDeferred([final], 'none')
    if (!this.journal) return
    await this.journal.append(final, this.single ? 'none' : 'datasync')
  }

  async #writeDeferred(more: JournalRecord[], durability: 'none' | 'datasync'): Promise<void> {
    const records = [...this.deferred!, ...more]
    this.deferred = undefined
    this.journal ??= await JournalWriter.open(this.env.journalDir, this.spec.transferId)
    await this.journal.appendAll(records, durability)
  }

  #note(note: TransferNote): void {
    this.#notes.push(note)
    this.env.events.note(note)
    const record: JournalRecord = { t: 'note', at: now(), note }
    if (this.deferred) this.deferred.push(record)
    else void this.journal?.append(record, 'none').catch(() => {})
  }
}
