// The two listings a sync compares: the local folder's files (walked as a folder upload walks,
// but with every symbolic link left out, as rclone does without --links or --copy-links, so a
// link can neither loop nor reach outside the folder) and the objects under the prefix (one
// ListObjectsV2 page per 1,000 keys: size, Last-Modified and ETag, no metadata). Both are kept
// by path below their root, with / between names, filtered by --exclude/--include.
import { relative, sep } from 'node:path'
import type { S3Client } from '@aws-sdk/client-s3'
import { FerryError } from '../../../shared/errors'
import { keyFilter, type FilterRule } from '../../../shared/key-filter'
import { planLocalTargets } from '../../../shared/local-target'
import { OBJECT_KEY_FIX, objectKeyProblem } from '../../../shared/object-key'
import { listKeys } from '../objects/list'
import { walkFolder } from './expand-paths'

export interface LocalFile {
  /** Below the folder, with / between names. */
  relative: string
  /** Absolute. */
  path: string
  size: number
  mtimeMs: number
}

export interface RemoteObject {
  /** Below the prefix, with / between names. */
  relative: string
  key: string
  size: number
  /** Without quotes. */
  etag: string
  /** Milliseconds; NaN when the store sent none. */
  lastModified: number
}

/** A file or key that cannot take part: reported as one failure, the rest carry on. */
export interface RefusedItem {
  /** The local path or the key. */
  name: string
  error: FerryError
}

export interface LocalTree {
  files: LocalFile[]
  /** Symbolic links left out (absolute paths). */
  skippedLinks: string[]
}

/**
 * The files under `root` (absolute) kept by the rules. With --exclude alone a folder left out
 * is not entered; with an --include a folder may hold what it names, so every folder is read.
 */
export async function listLocalTree(root: string, rules: readonly FilterRule[]): Promise<LocalTree> {
  const keep = keyFilter(rules)
  const onlyExcludes = rules.length > 0 && rules.every((r) => r.kind === 'exclude')
  const walked = await walkFolder(root, {
    links: 'skip',
    ...(onlyExcludes ? { excluded: (path: string) => !keep(path) } : {}),
  })
  const files: LocalFile[] = []
  for (const f of walked.files) {
    const rel = relative(root, f.path).split(sep).join('/')
    if (keep(rel)) files.push({ relative: rel, path: f.path, size: f.size, mtimeMs: f.mtimeMs })
  }
  return { files, skippedLinks: walked.skippedLinks }
}

/**
 * Every object under the prefix kept by the rules. Keys ending in "/" are folders made in a
 * console, not files: they are neither copied nor deleted.
 */
export async function listRemoteTree(
  client: S3Client,
  bucket: string,
  prefix: string,
  rules: readonly FilterRule[],
  signal?: AbortSignal,
): Promise<RemoteObject[]> {
  const keep = keyFilter(rules)
  const found: RemoteObject[] = []
  for await (const o of listKeys(client, bucket, prefix, signal ? { signal } : {})) {
    if (o.key.endsWith('/') || !o.key.startsWith(prefix)) continue
    const rel = o.key.slice(prefix.length)
    if (!keep(rel)) continue
    found.push({
      relative: rel,
      key: o.key,
      size: o.size,
      etag: o.etag,
      lastModified: o.lastModified?.getTime() ?? Number.NaN,
    })
  }
  return found
}

/** Local files whose key S3 cannot hold (over 1,024 bytes, say) are refused one by one. */
export function uploadableFiles(
  files: readonly LocalFile[],
  prefix: string,
): { files: LocalFile[]; refused: RefusedItem[] } {
  const kept: LocalFile[] = []
  const refused: RefusedItem[] = []
  for (const f of files) {
    const problem = objectKeyProblem(prefix + f.relative)
    if (problem === undefined) kept.push(f)
    else
      refused.push({
        name: f.path,
        error: new FerryError({
          code: 'bad-input',
          message: `cannot upload ${f.path}: ${problem}`,
          fix: OBJECT_KEY_FIX,
        }),
      })
  }
  return { files: kept, refused }
}

/**
 * Objects whose keys can become files under the folder; the others (".." names, "a//b", a key
 * that is also a folder of keys, names this system cannot hold) are refused one by one.
 */
export function downloadableObjects(
  objects: readonly RemoteObject[],
  where: { bucket: string; prefix: string; folder: string; platform: string },
): { objects: RemoteObject[]; refused: RefusedItem[] } {
  const byKey = new Map(objects.map((o) => [o.key, o]))
  const targets = planLocalTargets(objects, {
    bucket: where.bucket,
    prefix: where.prefix,
    platform: where.platform,
    targetFolder: where.folder,
  })
  const kept = targets.files.map((t) => ({ ...byKey.get(t.key)!, relative: t.path }))
  const refused = targets.rejected.map((r) => ({ name: r.key, error: r.error }))
  return { objects: kept, refused }
}
