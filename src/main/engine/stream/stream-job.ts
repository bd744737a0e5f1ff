// One stream transfer, fresh or resumed: probe the URL, start (or find again) the multipart
// upload, fetch and send the parts, complete, and prove the object twice over: S3's ETag
// against the part MD5s, and the source's own digest (when it offers one) against the bytes
// streamed. A source that changed is never stitched: the old upload is aborted and the
// transfer starts over with the new version, once per run.
import { FerryError, type FerryErrorCode } from '../../../shared/errors'
import type {
  EngineConnection,
  SourceCheck,
  StreamJob,
  TransferNote,
  TransferTuning,
  UploadOutcome,
} from '../../../shared/engine-protocol'
import { validateConcurrency } from '../../../shared/part-plan'
import { DEFAULT_CONCURRENCY } from '../../../shared/s3-limits'
import { redactUrl } from '../../../shared/stream-url'
import { skippedResult, type FlowResult } from '../flow-result'
import {
  JOURNAL_VERSION,
  journalConnection,
  type FinalRecord,
  type HeaderRecord,
  type JournalView,
} from '../../journal/journal'
import { JournalWriter } from '../../journal/journal-writer'
import {
  abortMultipart,
  completeMultipart,
  createMultipart,
  listServerParts,
  sendParts,
  type PartOutcome,
  type ServerPart,
} from '../multipart-upload'
import { destinationExists, headExisting } from '../overwrite'
import { currentProcessMark } from '../../journal/process-alive'
import { ProgressTracker } from '../progress'
import {
  finalRecordOf,
  now,
  outcomeOf,
  reopenJournal,
  runContext,
  settleFailure,
  specFromHeader,
} from '../run-support'
import { throwIfStopped } from '../../s3/stop-signal'
import type { TransferContext, TransferSpec } from '../transfer-context'
import type { JobEnv } from '../upload-job'
import { objectParams, type ObjectParams } from '../../s3/upload-params'
import { OrderedDigest } from './ordered-digest'
import { openSource } from './open-source'
import { probeSource, RangeReader, type ReaderContext } from './range-reader'
import { SequentialReader } from './sequential-reader'
import { sendUnsized } from './send-unsized'
import { checkSource, expectedDigest, joinVerification } from './source-check'
import { sourceVersionChanged } from './source-errors'
import {
  describeIdentity,
  hasValidator,
  sameIdentity,
  type SourceIdentity,
  type SourceInfo,
  type StreamSource,
} from './source'
import { planStream, type StreamPlan } from './stream-plan'

const TERMINAL: ReadonlySet<FerryErrorCode> = new Set([
  'destination-exists',
  'source-missing',
  'access-denied',
  'source-unreadable',
  'bad-input',
])

export async function runStream(job: StreamJob, env: JobEnv): Promise<UploadOutcome> {
  const tuning: TransferTuning = {}
  if (job.partSize !== undefined) tuning.partSize = job.partSize
  if (job.concurrency !== undefined) tuning.concurrency = job.concurrency
  if (job.maxBytesPerSecond !== undefined) tuning.maxBytesPerSecond = job.maxBytesPerSecond
  const spec: TransferSpec = {
    transferId: job.transferId,
    source: redactUrl(job.url),
    bucket: job.bucket,
    key: job.key,
    headers: job.headers,
    ifExists: job.ifExists,
    tuning,
    connection: journalConnection(job.connection, job.connectionId),
  }
  return new StreamRun(spec, job.url, job.sourceMd5, job.connection, env, undefined).run()
}

/** Called by runResume for a journal whose header records a stream. */
export async function resumeStream(
  view: JournalView,
  request: { connection: EngineConnection; tuning?: TransferTuning; sourceUrl?: string },
  env: JobEnv,
): Promise<UploadOutcome> {
  const h = view.header
  const st = h.stream!
  if (st.hasPassword && !request.sourceUrl) {
    throw new FerryError({
      code: 'invalid-credentials',
      message: `the password for ${st.url} is not kept in the journal, so transfer ${h.transferId} cannot fetch the rest`,
      fix: 'Resume it in the Ferry that started it, or run ferry stream again with the full URL.',
    })
  }
  const spec = specFromHeader(h, request.tuning)
  return new StreamRun(spec, request.sourceUrl ?? st.url, st.sourceMd5, request.connection, env, view).run()
}

interface Sent extends FlowResult {
  sourceCheck?: SourceCheck
}

class StreamRun {
  readonly #ctx: TransferContext
  readonly #notes: TransferNote[] = []
  readonly #progress: ProgressTracker
  readonly #source: StreamSource
  readonly #passwordGiven: boolean
  #journal: JournalWriter | undefined
  #uploadId: string | undefined

  constructor(
    private readonly spec: TransferSpec,
    url: string,
    private readonly sourceMd5: string | undefined,
    connection: EngineConnection,
    private readonly env: JobEnv,
    private readonly view: JournalView | undefined,
  ) {
    this.#source = openSource(url)
    this.#passwordGiven = new URL(url).password !== ''
    this.#ctx = runContext(spec, connection, env, (note) => {
      this.#notes.push(note)
      env.events.note(note)
      void this.#journal?.append({ t: 'note', at: now(), note }, 'none').catch(() => {})
    })
    this.#progress = new ProgressTracker(
      { transferId: spec.transferId, size: view?.header.size ?? 0, partsTotal: view?.header.partCount ?? 0 },
      env.events.progress,
    )
  }

  async run(): Promise<UploadOutcome> {
    const { spec, env } = this
    env.events.state('preparing')
    try {
      validateConcurrency(spec.tuning.concurrency ?? DEFAULT_CONCURRENCY)
      if (this.view) this.#journal = await reopenJournal(env.journalDir, spec.transferId)
      const result = await this.#attempt(objectParams(spec.headers, spec.key))
      const record = finalRecordOf(result)
      if (result.mismatch) {
        const error = new FerryError({
          code: 'integrity',
          message: `s3://${spec.bucket}/${spec.key} is not proven equal to ${spec.source}: ${result.verification.verified ? '' : result.verification.reason}`,
          fix: 'Stream it again; if the source digest is what differs, check it with the publisher.',
        })
        await this.#final({ ...record, error: error.toValue() })
        throw error
      }
      await this.#final(record)
      this.#progress.flush()
      return {
        ...outcomeOf(spec, result, this.#notes),
        ...(result.sourceCheck ? { sourceCheck: result.sourceCheck } : {}),
      }
    } catch (e) {
      await this.#settleFailure(e)
      throw e
    } finally {
      this.#progress.flush()
      this.#progress.dispose()
      this.#source.close()
      await this.#journal?.close()
    }
  }

  #probe(): Promise<SourceInfo> {
    return probeSource({ source: this.#source, signal: this.env.signal, onRetry: this.#ctx.onRetry })
  }

  async #abort(uploadId: string | undefined): Promise<void> {
    if (!uploadId) return
    await abortMultipart(this.#ctx.client, {
      ...this.#ctx.where,
      bucket: this.spec.bucket,
      key: this.spec.key,
      uploadId,
    })
    if (uploadId === this.#uploadId) this.#uploadId = undefined
  }

  #settleFailure(e: unknown): Promise<void> {
    return settleFailure(e, {
      journal: this.#journal,
      abort: () => this.#abort(this.#uploadId),
      final: (record) => this.#final(record),
      // Nothing to resume from: the source is gone or refuses us, or the key is taken.
      terminal: TERMINAL,
    })
  }

  async #final(record: Omit<FinalRecord, 't' | 'at'>): Promise<void> {
    await this.#journal?.append({ t: 'final', at: now(), ...record }, 'datasync')
  }

  async #attempt(params: ObjectParams): Promise<Sent> {
    const { env } = this
    const info = await this.#probe()
    throwIfStopped(env.signal)
    const view = this.view
    try {
      if (view && view.final?.status !== 'failed') {
        const resumed = await this.#resume(view, info)
        if (resumed) return resumed
      }
      return await this.#fresh(info, params)
    } catch (e) {
      if (!(e instanceof FerryError && e.code === 'source-changed')) throw e
      // Changed under us (If-Range, or the check before Complete): never stitch two versions.
      // Start over once with the version there now; a second change fails the run.
      this.#ctx.note({
        code: 'source-changed',
        message: `${e.message}; the upload was aborted and started over`,
      })
      await this.#abort(this.#uploadId)
      const again = await this.#probe()
      throwIfStopped(env.signal)
      return this.#fresh(again, params)
    }
  }

  /** Carries on the journaled upload when the source is provably the same; undefined to start over. */
  async #resume(view: JournalView, info: SourceInfo): Promise<Sent | undefined> {
    const h = view.header
    const st = h.stream!
    const was: SourceIdentity = {
      ...(st.sizeKnown ? { size: h.size } : {}),
      ...(st.etag !== undefined ? { etag: st.etag } : {}),
      ...(st.lastModified !== undefined ? { lastModified: st.lastModified } : {}),
    }
    const validated = hasValidator(was)
    const same = validated ? sameIdentity(was, info) : was.size === info.size
    if (!same) {
      this.#ctx.note({
        code: 'source-changed',
        message: `${h.source} changed since the upload began (${describeIdentity(was)} -> ${describeIdentity(info)}); the old upload was aborted and the source is streamed again`,
      })
      if (h.uploadId)
        await abortMultipart(this.#ctx.client, {
          ...this.#ctx.where,
          bucket: h.bucket,
          key: h.key,
          uploadId: h.uploadId,
        })
      return undefined
    }
    if (!h.uploadId) return undefined
    const server = await listServerParts(
      this.#ctx.client,
      { bucket: h.bucket, key: h.key, uploadId: h.uploadId },
      this.#ctx,
    )
    throwIfStopped(this.env.signal)
    if (server === 'missing') {
      this.#ctx.note({
        code: 'upload-missing',
        message: `the multipart upload ${h.uploadId} no longer exists on the server (aborted or expired); the source is streamed again`,
      })
      return undefined
    }
    this.#uploadId = h.uploadId
    const plan: StreamPlan = !st.sizeKnown
      ? { mode: 'unsized', partSize: h.partSize }
      : {
          mode: st.ranges ? 'ranged' : 'sequential',
          size: h.size,
          partSize: h.partSize,
          partCount: h.partCount,
        }
    // Parts journaled whose MD5 the server holds: with a validator proving the same version,
    // they are not fetched again (the point of resuming a stream).
    const trusted = new Set<number>()
    if (validated) {
      for (const [n, part] of view.parts) {
        const held = server.get(n)
        if (held && held.size === part.size && held.etag.replaceAll('"', '').toLowerCase() === part.md5)
          trusted.add(n)
      }
    }
    return this.#send(plan, { ...info, ...was }, server, view, trusted)
  }

  async #fresh(info: SourceInfo, params: ObjectParams): Promise<Sent> {
    const { spec } = this
    const plan = planStream(info, spec.tuning)
    this.#uploadId = undefined
    this.#progress.reset({
      size: plan.mode === 'unsized' ? 0 : plan.size,
      partsTotal: plan.mode === 'unsized' ? 0 : plan.partCount,
    })
    this.#progress.announce()
    if (spec.ifExists !== 'overwrite') {
      const existing = await headExisting(this.#ctx)
      throwIfStopped(this.env.signal)
      if (existing) {
        await this.#writeHeader(this.#header(plan, info), false)
        if (spec.ifExists === 'skip') return skippedResult(existing.size, existing.etag.replaceAll('"', ''))
        throw destinationExists(this.#ctx)
      }
    }
    this.#uploadId = await createMultipart(this.#ctx, params)
    await this.#writeHeader(this.#header(plan, info, this.#uploadId), true)
    throwIfStopped(this.env.signal)
    return this.#send(plan, info, new Map(), undefined, new Set())
  }

  #header(plan: StreamPlan, info: SourceInfo, uploadId?: string): HeaderRecord {
    const { spec } = this
    const sized = plan.mode !== 'unsized'
    return {
      t: 'header',
      v: JOURNAL_VERSION,
      transferId: spec.transferId,
      kind: 'multipart',
      at: now(),
      ...currentProcessMark(),
      source: spec.source,
      size: sized ? plan.size : 0,
      mtimeMs: info.lastModified ? Date.parse(info.lastModified) || 0 : 0,
      partSize: plan.partSize,
      partCount: sized ? plan.partCount : 0,
      bucket: spec.bucket,
      key: spec.key,
      ...(uploadId ? { uploadId } : {}),
      headers: spec.headers,
      ifExists: spec.ifExists,
      tuning: spec.tuning,
      connection: spec.connection,
      stream: {
        url: this.#source.display,
        hasPassword: this.view?.header.stream?.hasPassword ?? this.#passwordGiven,
        ...(info.etag !== undefined ? { etag: info.etag } : {}),
        ...(info.lastModified !== undefined ? { lastModified: info.lastModified } : {}),
        ranges: plan.mode === 'ranged',
        sizeKnown: sized,
        ...(this.sourceMd5 !== undefined ? { sourceMd5: this.sourceMd5 } : {}),
      },
    }
  }

  async #writeHeader(header: HeaderRecord, durable: boolean): Promise<void> {
    this.#journal ??= await JournalWriter.open(this.env.journalDir, this.spec.transferId)
    if (durable) await this.#journal.writeHeader(header)
    else await this.#journal.append(header, 'none')
  }

  async #send(
    plan: StreamPlan,
    info: SourceInfo,
    server: Map<number, ServerPart>,
    view: JournalView | undefined,
    trusted: Set<number>,
  ): Promise<Sent> {
    const { spec, env } = this
    const uploadId = this.#uploadId!
    const concurrency = spec.tuning.concurrency ?? DEFAULT_CONCURRENCY
    const identity: SourceIdentity = {
      ...(info.size !== undefined ? { size: info.size } : {}),
      ...(info.etag !== undefined ? { etag: info.etag } : {}),
      ...(info.lastModified !== undefined ? { lastModified: info.lastModified } : {}),
    }
    const expect = hasValidator(identity) || identity.size !== undefined ? identity : undefined
    const expected = await expectedDigest(this.sourceMd5, info.offered, env.signal)
    const digest = new OrderedDigest(expected ? [expected.algorithm] : [])
    const readerCtx: ReaderContext = {
      source: this.#source,
      expect,
      signal: env.signal,
      digest,
      onRetry: this.#ctx.onRetry,
    }
    this.#progress.reset(
      plan.mode === 'unsized' ? { size: 0, partsTotal: 0 } : { size: plan.size, partsTotal: plan.partCount },
    )
    this.#progress.announce()
    env.events.state('uploading')
    const common = {
      uploadId,
      journal: this.#journal!,
      progress: this.#progress,
      server,
      journaled: view?.parts ?? new Map(),
    }
    let parts: PartOutcome[]
    let reader: RangeReader | SequentialReader
    if (plan.mode === 'unsized') {
      const sequential = new SequentialReader(readerCtx, undefined)
      reader = sequential
      try {
        parts = await sendUnsized(this.#ctx, {
          ...common,
          reader: sequential,
          partSize: plan.partSize,
          concurrency,
        })
      } finally {
        sequential.close()
      }
    } else {
      if (plan.mode === 'ranged' && trusted.size > 0)
        digest.fail('parts sent in an earlier run were not fetched again')
      reader =
        plan.mode === 'ranged' ? new RangeReader(readerCtx) : new SequentialReader(readerCtx, plan.size)
      try {
        parts = await sendParts(this.#ctx, { ...common, plan, reader, trusted, concurrency })
      } finally {
        if (reader instanceof SequentialReader) reader.close()
      }
    }
    this.#progress.flush()
    const size = plan.mode === 'unsized' ? (reader as SequentialReader).offset : plan.size
    const partSize = plan.partSize
    const done = await completeMultipart(this.#ctx, {
      plan: { size, partSize, partCount: parts.length },
      uploadId,
      parts,
      stat: { size, mtimeMs: 0 },
      checkSource: async () => {
        if (!expect || !hasValidator(expect)) return
        const now = await this.#probe()
        if (!sameIdentity(expect, now))
          throw sourceVersionChanged(
            this.#source.display,
            `${describeIdentity(expect)} became ${describeIdentity(now)}`,
          )
      },
    })
    if (done.kind === 'exists') {
      await this.#abort(uploadId)
      if (spec.ifExists === 'skip') return skippedResult(size, done.etag)
      throw destinationExists(this.#ctx)
    }
    const reused = parts.filter((p) => p.reused).length
    const sourceCheck = checkSource(expected, digest.result(size))
    const verification = joinVerification(done.comparison.verification, sourceCheck)
    return {
      size,
      etag: done.etag,
      verification,
      mismatch: done.comparison.mismatch || (sourceCheck.compared && !sourceCheck.match),
      partsUploaded: parts.length - reused,
      partsReused: reused,
      skipped: false,
      sourceCheck,
    }
  }
}
