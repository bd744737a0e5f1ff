// What `--delete` removes: objects under the prefix the folder lacks (DeleteObjects, 1,000 keys
// a request), or files in the folder the prefix lacks. A local deletion is only ever a regular
// file inside the folder: the path is resolved and checked again here, whatever the plan says.
import { lstat, unlink } from 'node:fs/promises'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import type { S3Client } from '@aws-sdk/client-s3'
import { FerryError, toErrorValue, type FerryErrorValue } from '../../../shared/errors'
import { deleteObjects } from '../objects/delete'
import type { SyncJob } from './sync'

export interface DeleteResult {
  path: string
  error?: FerryErrorValue
}

function outsideFolder(path: string, folder: string): FerryError {
  return new FerryError({
    code: 'internal',
    message: `${path} is not inside ${folder}; it was not deleted`,
    fix: 'This is a bug in Ferry; please report it with the command that led here.',
  })
}

async function deleteLocal(folder: string, path: string): Promise<FerryErrorValue | undefined> {
  const target = resolve(folder, ...path.split('/'))
  const rel = relative(folder, target)
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel))
    return toErrorValue(outsideFolder(target, folder))
  try {
    const s = await lstat(target)
    if (!s.isFile())
      return toErrorValue(
        new FerryError({
          code: 'bad-input',
          message: `${target} is no longer a regular file; it was not deleted`,
          fix: 'Run the sync again to plan anew.',
        }),
      )
    await unlink(target)
    return undefined
  } catch (e) {
    // Gone already: what --delete wanted.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    const code = (e as NodeJS.ErrnoException).code
    return toErrorValue(
      new FerryError({
        code: code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'access-denied' : 'bad-input',
        message: `could not delete ${target}: ${(e as Error).message}`,
        fix: 'Check the permissions of the file and its folder, then run the sync again.',
      }),
    )
  }
}

/** Runs the plan's deletions; each result says whether its path went. */
export async function runDeletions(
  job: SyncJob,
  client: S3Client,
  onResult: (result: DeleteResult) => void,
  signal?: AbortSignal,
): Promise<void> {
  const { request, plan } = job
  const paths = plan.deletions.map((d) => d.path)
  if (paths.length === 0) return
  if (request.direction === 'download') {
    for (const path of paths) {
      if (signal?.aborted) return
      const error = await deleteLocal(request.folder, path)
      onResult(error ? { path, error } : { path })
    }
    return
  }
  const keyOf = new Map(paths.map((p) => [job.remote[p]?.key ?? request.prefix + p, p]))
  const outcome = await deleteObjects(client, request.bucket, keyOf.keys(), signal ? { signal } : {})
  const refused = new Map(outcome.errors.map((e) => [e.key, e]))
  for (const [key, path] of keyOf) {
    const e = refused.get(key)
    if (!e) onResult({ path })
    else
      onResult({
        path,
        error: {
          code: e.code === 'AccessDenied' ? 'access-denied' : 'server-error',
          message: `could not delete s3://${request.bucket}/${key}: ${e.code}${e.message ? ` (${e.message})` : ''}`,
          fix: 'Check the permissions for this key (s3:DeleteObject), then run the sync again.',
        },
      })
  }
}
