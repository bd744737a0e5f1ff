// An upload request turned into the files it sends: every check that can fail before a byte
// moves (headers, paths, keys, part sizes), then one queued transfer per file. `ferry upload
// --dry-run` stops after the checks.
import type { IfExists, UploadHeaders } from '../../../shared/domain/transfer'
import type { EngineConnection, TransferTuning, UploadJob } from '../../../shared/engine-protocol'
import { FerryError } from '../../../shared/errors'
import type { CustomerKey } from '../../../shared/encryption'
import { MAX_PARTS } from '../../../shared/s3-limits'
import { formatBytes } from '../../../shared/sizes'
import type { HeaderRecord } from '../../journal/journal'
import { batchedId } from '../../journal/journal-batch'
import { withFileMtime } from '../../../shared/mtime-meta'
import { planFor } from '../../../shared/tuning'
import { objectParams } from '../../s3/upload-params'
import { expandPaths, type PlannedFile } from './expand-paths'
import { queuedHeader } from './queued-journals'
import { queuedSummary } from './queued-summary'
import { newEntry, type Entry } from './transfer-entry'
import { newTransferId } from './transfer-ids'
import { checkedTuning } from './tuning-input'

/** An upload as the CLI asks for it: a raw connection or a saved one, and tuning. */
export interface UploadInput extends TransferTuning {
  connectionId?: string
  connection?: EngineConnection
  bucket: string
  /** Keys go under this ("" or ending in "/"). */
  prefix?: string
  /** The exact key, when one file is uploaded. */
  key?: string
  paths: string[]
  headers?: UploadHeaders
  ifExists?: IfExists
  /** The part size is a standing preference (the app's setting): raised for files that need larger parts. */
  partSizeIsPreference?: boolean
  /** Files and folders inside the folders to leave out (`ferry upload --exclude`). */
  exclude?: readonly string[]
  /** Files already chosen, each with its key (a sync's plan): paths and exclude are not read. */
  files?: readonly PlannedFile[]
  /** The SSE-C key when headers.encryption is SSE-C; kept in memory only, never journaled. */
  customerKey?: CustomerKey
}

export interface PlannedUpload {
  connection: EngineConnection
  tuning: TransferTuning
  headers: UploadHeaders
  files: PlannedFile[]
}

export async function planUpload(input: UploadInput, connection: EngineConnection): Promise<PlannedUpload> {
  const tuning = checkedTuning(input)
  if (input.multipartThreshold !== undefined) tuning.multipartThreshold = input.multipartThreshold
  if (input.maxBytesPerSecond !== undefined) tuning.maxBytesPerSecond = input.maxBytesPerSecond
  const headers: UploadHeaders = input.headers ?? { metadata: {} }
  // Bad metadata or header values fail the request now, not file by file later; the mtime
  // each file adds counts towards S3's 2 KB of metadata too.
  objectParams(
    { ...headers, metadata: withFileMtime(headers.metadata, Date.now()) },
    'file',
    input.customerKey,
  )
  const files = input.files
    ? [...input.files]
    : await expandPaths(
        input.paths,
        { prefix: input.prefix ?? '', ...(input.key !== undefined ? { key: input.key } : {}) },
        input.exclude ? { exclude: input.exclude } : {},
      )
  if (input.partSize !== undefined && !input.partSizeIsPreference) {
    // An explicit part size is a decision: refuse rather than silently raise it.
    for (const f of files) {
      const parts = Math.ceil(f.size / input.partSize)
      if (parts > MAX_PARTS) {
        throw new FerryError({
          code: 'bad-setting',
          message: `part size ${formatBytes(input.partSize)} splits ${f.source} (${formatBytes(f.size)}) into ${parts} parts, over S3's ${MAX_PARTS}`,
          fix: `Use --part-size ${Math.ceil(f.size / MAX_PARTS / 1048576)}MiB or more, or leave it out to let Ferry choose.`,
        })
      }
    }
  }
  return { connection, tuning, headers, files }
}

function sentInOnePut(size: number, tuning: TransferTuning): boolean {
  try {
    return planFor(size, tuning).kind === 'single'
  } catch {
    return false // Over 5 TiB: the engine refuses that file alone, with the reason.
  }
}

/** One queued transfer per planned file, with the journal header that must reach disk first. */
export function queuedUploads(
  input: UploadInput,
  plan: PlannedUpload,
  now = new Date().toISOString(),
): { entry: Entry; header: HeaderRecord }[] {
  const { connection, tuning, headers } = plan
  // Files the engine will send in one PUT share a batch journal when there are several.
  const single = plan.files.map((f) => sentInOnePut(f.size, tuning))
  const batch = single.filter(Boolean).length >= 2 ? newTransferId() : undefined
  let index = 0
  return plan.files.map((f, i) => {
    const id = batch && single[i] ? batchedId(batch, index++) : newTransferId()
    const job: UploadJob = {
      transferId: id,
      connection,
      source: f.source,
      bucket: input.bucket,
      key: f.key,
      headers: { ...headers, metadata: withFileMtime(headers.metadata, f.mtimeMs) },
      ifExists: input.ifExists ?? 'fail',
      ...tuning,
    }
    if (input.connectionId) job.connectionId = input.connectionId
    if (input.customerKey) job.customerKey = input.customerKey
    const summary = queuedSummary(
      {
        id,
        direction: 'upload',
        source: f.source,
        bucket: input.bucket,
        key: f.key,
        connectionId: input.connectionId ?? '',
        size: f.size,
      },
      now,
    )
    const entry = newEntry(summary, connection, tuning, f.size)
    entry.job = job
    if (input.customerKey) entry.customerKey = input.customerKey
    entry.phase = { kind: 'queued', action: { kind: 'upload', job } }
    return { entry, header: queuedHeader(job, f) }
  })
}
