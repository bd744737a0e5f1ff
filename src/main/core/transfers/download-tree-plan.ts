// What a tree download writes where: every object under each source prefix (listed page by
// page), kept or left out by --include/--exclude, mapped to a path under the target folder
// by planLocalTargets. Keys that cannot become a file there are rejected one by one with an
// error naming the key; nothing here is ever a path outside the folder. Listing is the only
// request made (a HEAD for a file the person named), so `--dry-run` is this plan printed.
import { dirname, join, resolve, sep } from 'node:path'
import type { S3Client } from '@aws-sdk/client-s3'
import { FerryError } from '../../../shared/errors'
import { keyFilter, type FilterRule } from '../../../shared/key-filter'
import { planLocalTargets, sameFileKey } from '../../../shared/local-target'
import type { SetSource } from '../../journal/download-set-journal'
import { listKeys, type ListedObject } from '../objects/list'
import { headObject } from '../../s3/head'
import type { CustomerKey } from '../../../shared/encryption'

export interface PlannedFile {
  bucket: string
  key: string
  size: number
  etag: string
  lastModified?: Date
  /** Below the target folder, with / between names. */
  relative: string
  /** Absolute, inside the target folder. */
  path: string
  /** The version to fetch, when the source named one. */
  versionId?: string
}

export interface RejectedKey {
  bucket: string
  key: string
  error: FerryError
}

export interface TreePlan {
  /** The target folder, resolved. */
  target: string
  /** In source order, each source's sorted by path. */
  files: PlannedFile[]
  rejected: RejectedKey[]
  /** Left out by the filters. */
  excluded: { bucket: string; key: string }[]
  /** Keys ending in "/" with no bytes: folders made in a console; nothing to write. */
  folderMarkers: { bucket: string; key: string }[]
  bytes: number
}

const prefixUrl = (s: SetSource): string =>
  s.kind === 'prefix' ? `s3://${s.bucket}/${s.prefix}` : `s3://${s.bucket}/${s.key}`

export function nothingUnder(source: SetSource): FerryError {
  return source.kind === 'prefix'
    ? new FerryError({
        code: 'not-found',
        message: `nothing is stored under ${prefixUrl(source)}`,
        fix: `Check the prefix with ferry ls s3://${source.bucket}/${source.prefix.replace(/[^/]*\/?$/, '')} (keys are case-sensitive).`,
      })
    : new FerryError({
        code: 'object-missing',
        message: `${prefixUrl(source)} does not exist`,
        fix: `Check the key with ferry ls s3://${source.bucket}/${source.key.replace(/[^/]*$/, '')} (keys are case-sensitive).`,
      })
}

async function listSource(
  client: S3Client,
  source: SetSource,
  signal?: AbortSignal,
): Promise<ListedObject[]> {
  const prefix = source.kind === 'prefix' ? source.prefix : source.key
  const found: ListedObject[] = []
  for await (const o of listKeys(client, source.bucket, prefix, signal ? { signal } : {})) {
    if (source.kind === 'object') {
      if (o.key === source.key) found.push(o)
      // Keys come sorted: past the key itself, only longer keys sharing its start follow.
      if (o.key > source.key) break
    } else found.push(o)
  }
  return found
}

/** The prefix a source's keys are mapped below: a single object lands under its own name. */
const basePrefix = (source: SetSource): string =>
  source.kind === 'prefix' ? source.prefix : source.key.slice(0, source.key.lastIndexOf('/') + 1)

function crossConflict(bucket: string, key: string, other: string, why: string): RejectedKey {
  return {
    bucket,
    key,
    error: new FerryError({
      code: 'key-conflict',
      message: `the key "${key}" ${why} "${other}" from another source; it was not downloaded`,
      fix: 'Download the two sources into different folders.',
    }),
  }
}

export interface PlanOptions {
  sources: SetSource[]
  target: string
  rules?: FilterRule[]
  /** process.platform of the machine that writes the files. */
  platform?: string
  signal?: AbortSignal
  /** The SSE-C key, for the HEAD of a named file's object. */
  customerKey?: CustomerKey
}

type NamedFile = Extract<SetSource, { kind: 'object' }> & { as: string }

/**
 * A file the person named (`ferry get s3://B/KEY FILE`): the object is found by HEAD, which
 * needs only the right to read it (a LIST needs s3:ListBucket, which a policy granting one key
 * may not give), and written under the name given, whatever its key.
 */
async function namedFile(client: S3Client, source: NamedFile, target: string, options: PlanOptions) {
  const head = await headObject(client, source.bucket, source.key, {
    ...(options.signal ? { abortSignal: options.signal } : {}),
    customerKey: options.customerKey,
    versionId: source.versionId,
  })
  const path = join(target, source.as)
  if (dirname(path) !== target) throw new Error(`internal: the file name "${source.as}" is not a plain name`)
  const planned: PlannedFile = {
    bucket: source.bucket,
    key: source.key,
    size: head.size,
    etag: head.etag,
    relative: source.as,
    path,
    ...(source.versionId !== undefined ? { versionId: source.versionId } : {}),
  }
  const lastModified = new Date(head.lastModified)
  if (Number.isFinite(lastModified.getTime())) planned.lastModified = lastModified
  return planned
}

/**
 * Lists and maps every source. Throws when a source holds nothing at all (a prefix with no
 * objects, an object that does not exist), as a download of nothing is most often a typo.
 */
export async function planTreeDownload(client: S3Client, options: PlanOptions): Promise<TreePlan> {
  const target = resolve(options.target)
  const platform = options.platform ?? process.platform
  const keep = keyFilter(options.rules ?? [])
  const plan: TreePlan = { target, files: [], rejected: [], excluded: [], folderMarkers: [], bytes: 0 }
  // Paths taken by earlier sources (files and their folders), so two sources cannot collide.
  const takenFiles = new Map<string, string>()
  const takenFolders = new Map<string, string>()
  for (const source of options.sources) {
    if (source.kind === 'object' && source.as !== undefined) {
      const file = await namedFile(client, source as NamedFile, target, options)
      plan.files.push(file)
      plan.bytes += file.size
      takenFiles.set(sameFileKey(file.relative, platform), `s3://${source.bucket}/${source.key}`)
      continue
    }
    const listed = await listSource(client, source, options.signal)
    if (listed.length === 0) throw nothingUnder(source)
    const prefix = basePrefix(source)
    const byKey = new Map(listed.map((o) => [o.key, o]))
    const kept = listed.filter((o) => {
      if (source.kind === 'object' || keep(o.key.slice(prefix.length))) return true
      plan.excluded.push({ bucket: source.bucket, key: o.key })
      return false
    })
    const mapped = planLocalTargets(kept, { bucket: source.bucket, prefix, platform, targetFolder: target })
    for (const r of mapped.rejected) plan.rejected.push({ bucket: source.bucket, key: r.key, error: r.error })
    for (const key of mapped.folderMarkers) plan.folderMarkers.push({ bucket: source.bucket, key })
    const ours: [string, string][] = []
    for (const file of mapped.files) {
      const same = sameFileKey(file.path, platform)
      const asFile = takenFiles.get(same) ?? takenFolders.get(same)
      if (asFile !== undefined) {
        plan.rejected.push(crossConflict(source.bucket, file.key, asFile, 'would be the same local path as'))
        continue
      }
      const folders = same.split('/').map((_, i, names) => names.slice(0, i + 1).join('/'))
      const clash = folders.slice(0, -1).find((f) => takenFiles.has(f))
      if (clash !== undefined) {
        plan.rejected.push(
          crossConflict(
            source.bucket,
            file.key,
            takenFiles.get(clash)!,
            'needs a folder where there is the file of',
          ),
        )
        continue
      }
      ours.push([same, `s3://${source.bucket}/${file.key}`])
      const o = byKey.get(file.key)!
      const path = join(target, ...file.path.split('/'))
      // planLocalTargets already refuses "..", absolute paths and the like; this guards the join.
      if (!path.startsWith(target + sep)) throw new Error(`internal: ${file.key} maps outside ${target}`)
      const planned: PlannedFile = {
        bucket: source.bucket,
        key: file.key,
        size: file.size,
        etag: o.etag,
        relative: file.path,
        path,
      }
      if (o.lastModified) planned.lastModified = o.lastModified
      plan.files.push(planned)
      plan.bytes += file.size
    }
    for (const [same, url] of ours) {
      takenFiles.set(same, url)
      const names = same.split('/')
      for (let i = 1; i < names.length; i++) takenFolders.set(names.slice(0, i).join('/'), url)
    }
  }
  return plan
}
