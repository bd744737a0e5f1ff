// One upload of a local file, fresh or resumed: the run skeleton (upload-run.ts) with the file
// stat'ed, planned as a single PUT or a multipart upload, and read into parts by a PartReader.
import { FerryError, type FerryErrorCode } from '../../shared/errors'
import type { EngineConnection, UploadJob, UploadOutcome } from '../../shared/engine-protocol'
import { planParts, validateConcurrency } from '../../shared/part-plan'
import { DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE } from '../../shared/s3-limits'
import { multipartThreshold } from '../../shared/tuning'
import type { HeaderRecord, JournalView } from '../journal/journal'
import { specOfJob, type TransferSpec } from '../journal/transfer-spec'
import { PartReader } from '../s3/part-reader'
import { sameSource, statSource, type SourceStat } from '../s3/source-file'
import { objectParams, type ObjectParams } from '../s3/upload-params'
import { compareObjectWithFile, verificationOf } from '../s3/object-equals-file'
import { sendParts, type PartsPlan, type ServerPart } from './multipart-upload'
import { headExisting } from './overwrite'
import { singlePut } from './single-put'
import type { JobEnv } from './transfer-context'
import { UploadRun, type Resumed, type RunResult } from './upload-run'

/** Failures after which the multipart upload has no future: it is aborted, and the journal closed. */
const ENDS_THE_UPLOAD: ReadonlySet<FerryErrorCode> = new Set([
  'destination-exists',
  'source-missing',
  'source-not-a-file',
  'source-changed',
])

export async function runUpload(job: UploadJob, env: JobEnv): Promise<UploadOutcome> {
  return new FileUploadRun(specOfJob(job), job.connection, env, undefined).run()
}

/** Called by runResume for a journal of a local file. */
export async function resumeFileUpload(
  view: JournalView,
  spec: TransferSpec,
  connection: EngineConnection,
  env: JobEnv,
): Promise<UploadOutcome> {
  return new FileUploadRun(spec, connection, env, view).run()
}

class FileUploadRun extends UploadRun<SourceStat> {
  // Nothing to resume from when the file is gone, is no longer a file, or changed (a resume
  // starts over with the new contents): parts left on the server would only cost storage
  // until a lifecycle rule removes them.
  protected readonly terminal = ENDS_THE_UPLOAD
  protected readonly again = 'the file is uploaded again'

  constructor(spec: TransferSpec, connection: EngineConnection, env: JobEnv, view: JournalView | undefined) {
    super(spec, connection, env, view, 1)
  }

  protected params(): ObjectParams {
    return objectParams(this.spec.headers, this.spec.source, this.ctx.customerKey)
  }

  protected look(): Promise<SourceStat> {
    return statSource(this.spec.source)
  }

  protected changeSince(h: HeaderRecord, stat: SourceStat): string | undefined {
    if (sameSource(stat, h)) return undefined
    return `size ${h.size} -> ${stat.size}, modified ${new Date(h.mtimeMs).toISOString()} -> ${new Date(stat.mtimeMs).toISOString()}`
  }

  protected mismatchError(result: RunResult): FerryError {
    const { spec } = this
    return new FerryError({
      code: 'integrity',
      message: `s3://${spec.bucket}/${spec.key} does not match ${spec.source}: ${result.verification.verified ? '' : result.verification.reason}`,
      fix: 'Upload the file again (ferry resume starts it over).',
    })
  }

  protected carryOn(
    view: JournalView,
    stat: SourceStat,
    server: Map<number, ServerPart>,
  ): Promise<RunResult> {
    const h = view.header
    return this.#multipart({ size: h.size, partSize: h.partSize, partCount: h.partCount }, stat, server, view)
  }

  /** The upload vanished: if the object is there and equals the file, Complete ran before the crash. */
  protected override async completedBeforeCrash(
    h: HeaderRecord,
    stat: SourceStat,
  ): Promise<RunResult | undefined> {
    const existing = await headExisting(this.ctx)
    if (!existing) return undefined
    const verdict = await compareObjectWithFile(
      existing,
      { path: h.source, size: stat.size },
      { partSize: h.partSize, signal: this.env.signal },
    )
    if (verdict.kind !== 'equal') return undefined
    this.progress.reset({ size: stat.size, partsTotal: h.partCount })
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

  protected async fresh(stat: SourceStat, params: ObjectParams, resumed: Resumed): Promise<RunResult> {
    const { spec } = this
    const concurrency = spec.tuning.concurrency ?? DEFAULT_CONCURRENCY
    validateConcurrency(concurrency)
    const plan = planParts(stat.size, {
      partSize: spec.tuning.partSize ?? DEFAULT_PART_SIZE,
      multipartThreshold: multipartThreshold(spec.tuning),
    })
    this.uploadId = undefined
    this.single = plan.kind === 'single'
    if (plan.kind === 'single') {
      // One request: its progress is reported once, when it is done.
      this.progress.reset({ size: stat.size, partsTotal: 1 })
      // A single PUT has no upload id to lose: its header waits for the final record.
      this.deferred = [
        this.header({
          kind: 'single',
          size: stat.size,
          mtimeMs: stat.mtimeMs,
          partSize: Math.max(1, stat.size),
          partCount: 1,
        }),
      ]
      return singlePut(this.ctx, { stat, params, progress: this.progress, resumed })
    }
    this.progress.reset({ size: stat.size, partsTotal: plan.partCount })
    this.progress.announce()
    const created = await this.createUpload(
      params,
      {
        kind: 'multipart',
        size: stat.size,
        mtimeMs: stat.mtimeMs,
        partSize: plan.partSize,
        partCount: plan.partCount,
      },
      stat.size,
    )
    if ('skipped' in created) return created.skipped
    return this.#multipart(plan, stat, new Map(), undefined)
  }

  #multipart(
    plan: PartsPlan,
    stat: SourceStat,
    server: Map<number, ServerPart>,
    view: JournalView | undefined,
  ): Promise<RunResult> {
    return this.sendAndComplete({
      size: plan.size,
      partsTotal: plan.partCount,
      partSize: plan.partSize,
      server,
      view,
      unchanged: { stat },
      send: async (parts) => {
        const reader = await PartReader.open(this.spec.source)
        try {
          const sent = await sendParts(this.ctx, {
            ...parts,
            plan,
            reader,
            concurrency: this.spec.tuning.concurrency ?? DEFAULT_CONCURRENCY,
          })
          return { parts: sent, size: plan.size }
        } finally {
          await reader.close()
        }
      },
    })
  }
}
