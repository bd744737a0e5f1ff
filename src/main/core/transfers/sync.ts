// `ferry sync` and the app's Sync...: planSyncJob lists both sides and decides what moves
// (nothing is written), so the plan can be shown and confirmed; runSync (sync-run.ts) then
// moves it through the one scheduler and deletes what the plan lists.
import type { CustomerKey } from '../../../shared/encryption'
import type { UploadHeaders } from '../../../shared/domain/transfer'
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { S3Client } from '@aws-sdk/client-s3'
import type { EngineConnection } from '../../../shared/engine-protocol'
import { badInput, FerryError, toErrorValue, type FerryErrorValue } from '../../../shared/errors'
import type { FilterRule } from '../../../shared/key-filter'
import { planSync, type SyncOptions, type SyncPlan } from '../../../shared/sync-plan'
import { sourceError } from '../../s3/source-file'
import { syncListings } from './sync-compare'
import { ObjectTimes, timesFile } from './sync-object-times'
import {
  downloadableObjects,
  listLocalTree,
  listRemoteTree,
  uploadableFiles,
  type LocalFile,
  type RefusedItem,
  type RemoteObject,
} from './sync-listing'

export type { LocalFile, RemoteObject } from './sync-listing'

export interface SyncRequest {
  connection: EngineConnection
  /** The saved connection, when the app runs it (recorded in the journals). */
  connectionId?: string
  direction: SyncOptions['direction']
  /** The local folder (the source of an upload, the destination of a download). */
  folder: string
  bucket: string
  /** "" or ending in "/". */
  prefix: string
  compare: SyncOptions['compare']
  delete: boolean
  maxDelete?: number
  /** --exclude/--include in the order given (key-filter.ts). */
  rules: FilterRule[]
  partSize?: number
  concurrency?: number
  /** Bytes per second for all the files of the sync together (the engine's one link per direction). */
  maxBytesPerSecond?: number
  /** Encryption, ACL, tags and storage class of the objects an upload writes. */
  headers?: UploadHeaders
  /** The SSE-C key of the objects (never stored: the same sync again is given it again). */
  customerKey?: CustomerKey
}

export interface SyncJob {
  /** With the folder resolved to an absolute path. */
  request: SyncRequest
  plan: SyncPlan
  /** Files or keys that cannot take part, each a failure of the run. */
  refused: { name: string; error: FerryErrorValue }[]
  /** Symbolic links left out of the local folder. */
  skippedLinks: string[]
  /** The local side of each planned transfer and deletion, by path. */
  local: Record<string, LocalFile>
  /** The S3 side of each planned transfer and deletion, by path. */
  remote: Record<string, RemoteObject>
  /** What deciding cost: files and objects listed, HEADs made, files read for --checksum. */
  cost: { files: number; objects: number; heads: number; hashed: number }
  /** The file of objects' times this sync reads and adds to (sync-object-times.ts). */
  timesPath?: string
}

export interface PlanDeps {
  client: S3Client
  /** Part sizes Ferry's journals recorded for a key (TransferManager.partSizesFor). */
  partSizesFor(bucket: string, key: string): Promise<readonly number[]>
  /** process.platform of the machine that writes the files. */
  platform?: string
  /** Where objects' times read before are kept (sync-object-times.ts); none: HEAD each time. */
  timesDir?: string
  signal?: AbortSignal
}

async function checkFolder(request: SyncRequest, folder: string): Promise<void> {
  const upload = request.direction === 'upload'
  let s
  try {
    s = await stat(folder)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw sourceError(e, folder)
    // A download into a folder not made yet starts from nothing; the run makes it.
    if (!upload) return
    throw badInput(
      `the source folder ${folder} does not exist`,
      'Check the path (ferry sync SRC DST copies SRC to DST; to download, give s3:// first).',
    )
  }
  if (s.isDirectory()) return
  throw upload
    ? badInput(
        `${folder} is a file; ferry sync copies a folder`,
        `Give the folder that holds it, or upload the one file with ferry upload ${folder} s3://${request.bucket}/${request.prefix}`,
      )
    : badInput(
        `${folder} is a file, not a folder to sync into`,
        'Give a folder (Ferry creates it when it does not exist), or download one object with ferry get.',
      )
}

function nothingUnder(request: SyncRequest): FerryError {
  const where = `s3://${request.bucket}/${request.prefix}`
  const parent = request.prefix.replace(/[^/]*\/?$/, '')
  return new FerryError({
    code: 'not-found',
    message: `nothing is stored under ${where}${request.rules.length > 0 ? ' that the filters keep' : ''}, so there is nothing to sync`,
    fix: `Check the prefix with ferry ls s3://${request.bucket}/${parent} (keys are case-sensitive) and the --include/--exclude patterns.`,
  })
}

const refusal = (r: RefusedItem) => ({ name: r.name, error: toErrorValue(r.error) })

/** Lists both sides and decides; throws a 'delete-limit' FerryError past --max-delete. */
export async function planSyncJob(input: SyncRequest, deps: PlanDeps): Promise<SyncJob> {
  const folder = resolve(input.folder)
  const request = { ...input, folder }
  const upload = request.direction === 'upload'
  await checkFolder(request, folder)
  const localTree = await listLocalTree(folder, request.rules).catch((e: unknown) => {
    if (!upload && e instanceof FerryError && e.code === 'source-missing')
      return { files: [], skippedLinks: [] }
    throw e
  })
  let objects = await listRemoteTree(deps.client, request.bucket, request.prefix, request.rules, deps.signal)
  // A typo in the prefix must not read as "the source is empty": with --delete that would empty the folder.
  if (!upload && objects.length === 0) throw nothingUnder(request)
  let files = localTree.files
  const refused: RefusedItem[] = []
  if (upload) {
    const checked = uploadableFiles(files, request.prefix)
    files = checked.files
    refused.push(...checked.refused)
  } else {
    const checked = downloadableObjects(objects, {
      bucket: request.bucket,
      prefix: request.prefix,
      folder,
      platform: deps.platform ?? process.platform,
    })
    objects = checked.objects
    refused.push(...checked.refused)
  }
  const place = { endpoint: request.connection.endpoint, bucket: request.bucket, prefix: request.prefix }
  const times =
    deps.timesDir === undefined
      ? undefined
      : await ObjectTimes.open(timesFile({ dir: deps.timesDir, ...place }), place)
  const listings = await syncListings(files, objects, {
    client: deps.client,
    ...(times ? { times } : {}),
    bucket: request.bucket,
    direction: request.direction,
    compare: request.compare,
    partSizesFor: (key) => deps.partSizesFor(request.bucket, key),
    ...(request.customerKey ? { customerKey: request.customerKey } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  })
  const plan = planSync(listings.source, listings.destination, {
    direction: request.direction,
    compare: request.compare,
    delete: request.delete,
    ...(request.maxDelete !== undefined ? { maxDelete: request.maxDelete } : {}),
  })
  if (times) {
    // Filters hide keys that are still there: only an unfiltered listing says what is gone.
    if (request.rules.length === 0) times.keepOnly(new Set(objects.map((o) => o.key)))
    await times.save()
  }
  const wanted = new Set([...plan.transfers, ...plan.deletions].map((t) => t.path))
  const pick = <T extends { relative: string }>(items: readonly T[]): Record<string, T> =>
    Object.fromEntries(items.filter((i) => wanted.has(i.relative)).map((i) => [i.relative, i]))
  return {
    request,
    plan,
    refused: refused.map(refusal),
    skippedLinks: localTree.skippedLinks,
    local: pick(files),
    remote: pick(objects),
    cost: { files: files.length, objects: objects.length, heads: listings.heads, hashed: listings.hashed },
    ...(times ? { timesPath: times.path } : {}),
  }
}
