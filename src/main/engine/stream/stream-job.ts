// One stream transfer, fresh or resumed: probe the URL, start (or find again) the multipart
// upload, fetch and send the parts, complete, and prove the object twice over: S3's ETag
// against the part MD5s, and the source's own digest (when it offers one) against the bytes
// streamed. A source that changed is never stitched: the old upload is aborted and the
// transfer starts over with the new version, once per run.
import { FerryError, type FerryErrorCode } from '../../../shared/errors'
import type {
  EngineConnection,
  StreamJob,
  TransferTuning,
  UploadOutcome,
} from '../../../shared/engine-protocol'
import { validateConcurrency } from '../../../shared/part-plan'
import { DEFAULT_CONCURRENCY } from '../../../shared/s3-limits'
import { redactUrl, urlHasSecret } from '../../../shared/stream-url'
import { journalConnection, type HeaderRecord, type JournalView } from '../../journal/journal'
import { networkOf, type NetworkSettings } from '../../s3/network-settings'
import { throwIfStopped } from '../../s3/stop-signal'
import { objectParams, type ObjectParams } from '../../s3/upload-params'
import { sendParts, type ServerPart } from '../multipart-upload'
import { specFromHeader } from '../run-support'
import type { JobEnv, TransferSpec } from '../transfer-context'
import { UploadRun, type RunResult } from '../upload-run'
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

/** The source's identity as the journal's header recorded it. */
const journaledIdentity = (h: HeaderRecord): SourceIdentity => {
  const st = h.stream!
  return {
    ...(st.sizeKnown ? { size: h.size } : {}),
    ...(st.etag !== undefined ? { etag: st.etag } : {}),
    ...(st.lastModified !== undefined ? { lastModified: st.lastModified } : {}),
  }
}

class StreamRun extends UploadRun<SourceInfo> {
  // Nothing to resume from: the source is gone or refuses us, or the key is taken.
  protected readonly terminal = TERMINAL
  protected readonly again = 'the source is streamed again'
  readonly #source: StreamSource
  readonly #passwordGiven: boolean
  readonly #network: NetworkSettings

  constructor(
    spec: TransferSpec,
    url: string,
    private readonly sourceMd5: string | undefined,
    connection: EngineConnection,
    env: JobEnv,
    view: JournalView | undefined,
  ) {
    super(spec, connection, env, view, 0)
    this.#network = networkOf(connection)
    this.#source = openSource(url, this.#network)
    this.#passwordGiven = urlHasSecret(url)
  }

  protected override checkTuning(): void {
    validateConcurrency(this.spec.tuning.concurrency ?? DEFAULT_CONCURRENCY)
  }

  protected params(): ObjectParams {
    return objectParams(this.spec.headers, this.spec.key, this.ctx.customerKey)
  }

  protected look(): Promise<SourceInfo> {
    return probeSource({ source: this.#source, signal: this.env.signal, onRetry: this.ctx.onRetry })
  }

  protected override close(): void {
    this.#source.close()
  }

  protected mismatchError(result: RunResult): FerryError {
    const { spec } = this
    return new FerryError({
      code: 'integrity',
      message: `s3://${spec.bucket}/${spec.key} is not proven equal to ${spec.source}: ${result.verification.verified ? '' : result.verification.reason}`,
      fix: 'Stream it again; if the source digest is what differs, check it with the publisher.',
    })
  }

  protected override async attempt(params: ObjectParams): Promise<RunResult> {
    const info = await this.look()
    throwIfStopped(this.env.signal)
    try {
      return await this.resumeOrStart(info, params)
    } catch (e) {
      if (!(e instanceof FerryError && e.code === 'source-changed')) throw e
      // Changed under us (If-Range, or the check before Complete): never stitch two versions.
      // Start over once with the version there now; a second change fails the run.
      this.ctx.note({
        code: 'source-changed',
        message: `${e.message}; the upload was aborted and started over`,
      })
      await this.abort(this.uploadId)
      const again = await this.look()
      throwIfStopped(this.env.signal)
      return this.fresh(again, params)
    }
  }

  /** Without a validator (ETag, Last-Modified) the same size is all a resume can go by. */
  protected changeSince(h: HeaderRecord, info: SourceInfo): string | undefined {
    const was = journaledIdentity(h)
    const same = hasValidator(was) ? sameIdentity(was, info) : was.size === info.size
    return same ? undefined : `${describeIdentity(was)} -> ${describeIdentity(info)}`
  }

  protected carryOn(
    view: JournalView,
    info: SourceInfo,
    server: Map<number, ServerPart>,
  ): Promise<RunResult> {
    const h = view.header
    const st = h.stream!
    const was = journaledIdentity(h)
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
    if (hasValidator(was)) {
      for (const [n, part] of view.parts) {
        const held = server.get(n)
        if (held && held.size === part.size && held.etag.replaceAll('"', '').toLowerCase() === part.md5)
          trusted.add(n)
      }
    }
    return this.#send(plan, { ...info, ...was }, server, view, trusted)
  }

  protected async fresh(info: SourceInfo, params: ObjectParams): Promise<RunResult> {
    const { spec } = this
    const plan = planStream(info, spec.tuning)
    const sized = plan.mode !== 'unsized'
    this.uploadId = undefined
    this.progress.reset({ size: sized ? plan.size : 0, partsTotal: sized ? plan.partCount : 0 })
    this.progress.announce()
    const created = await this.createUpload(
      params,
      {
        kind: 'multipart',
        size: sized ? plan.size : 0,
        mtimeMs: info.lastModified ? Date.parse(info.lastModified) || 0 : 0,
        partSize: plan.partSize,
        partCount: sized ? plan.partCount : 0,
        stream: {
          url: this.#source.display,
          hasPassword: this.view?.header.stream?.hasPassword ?? this.#passwordGiven,
          ...(info.etag !== undefined ? { etag: info.etag } : {}),
          ...(info.lastModified !== undefined ? { lastModified: info.lastModified } : {}),
          ranges: plan.mode === 'ranged',
          sizeKnown: sized,
          ...(this.sourceMd5 !== undefined ? { sourceMd5: this.sourceMd5 } : {}),
        },
      },
      undefined,
    )
    if ('skipped' in created) return created.skipped
    return this.#send(plan, info, new Map(), undefined, new Set())
  }

  async #send(
    plan: StreamPlan,
    info: SourceInfo,
    server: Map<number, ServerPart>,
    view: JournalView | undefined,
    trusted: Set<number>,
  ): Promise<RunResult> {
    const { env } = this
    const concurrency = this.spec.tuning.concurrency ?? DEFAULT_CONCURRENCY
    const identity: SourceIdentity = {
      ...(info.size !== undefined ? { size: info.size } : {}),
      ...(info.etag !== undefined ? { etag: info.etag } : {}),
      ...(info.lastModified !== undefined ? { lastModified: info.lastModified } : {}),
    }
    const expect = hasValidator(identity) || identity.size !== undefined ? identity : undefined
    const expected = await expectedDigest(this.sourceMd5, info.offered, env.signal, this.#network)
    const digest = new OrderedDigest(expected ? [expected.algorithm] : [])
    const readerCtx: ReaderContext = {
      source: this.#source,
      expect,
      signal: env.signal,
      digest,
      onRetry: this.ctx.onRetry,
    }
    const sent = await this.sendAndComplete({
      size: plan.mode === 'unsized' ? 0 : plan.size,
      partsTotal: plan.mode === 'unsized' ? 0 : plan.partCount,
      partSize: plan.partSize,
      server,
      view,
      unchanged: {
        checkSource: async () => {
          if (!expect || !hasValidator(expect)) return
          const now = await this.look()
          if (!sameIdentity(expect, now))
            throw sourceVersionChanged(
              this.#source.display,
              `${describeIdentity(expect)} became ${describeIdentity(now)}`,
            )
        },
      },
      send: async (parts) => {
        if (plan.mode === 'unsized') {
          const reader = new SequentialReader(readerCtx, undefined)
          try {
            const sent = await sendUnsized(this.ctx, {
              ...parts,
              reader,
              partSize: plan.partSize,
              concurrency,
            })
            return { parts: sent, size: reader.offset }
          } finally {
            reader.close()
          }
        }
        if (plan.mode === 'ranged' && trusted.size > 0)
          digest.fail('parts sent in an earlier run were not fetched again')
        const reader =
          plan.mode === 'ranged' ? new RangeReader(readerCtx) : new SequentialReader(readerCtx, plan.size)
        try {
          const sent = await sendParts(this.ctx, { ...parts, plan, reader, trusted, concurrency })
          return { parts: sent, size: plan.size }
        } finally {
          if (reader instanceof SequentialReader) reader.close()
        }
      },
    })
    if (sent.skipped) return sent
    const sourceCheck = checkSource(expected, digest.result(sent.size))
    return {
      ...sent,
      verification: joinVerification(sent.verification, sourceCheck),
      mismatch: sent.mismatch || (sourceCheck.compared && !sourceCheck.match),
      sourceCheck,
    }
  }
}
