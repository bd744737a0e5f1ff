// Folders downloaded from the object browser: each selected folder lands as a folder of the
// same name in the folder the person picked (a fresh "name (1)" when that name is taken, as a
// single download never writes over a file), keeping the structure below it. Each is one tree
// download (download-tree.ts): planned from the listing, hostile keys refused one by one, the
// set journaled (app-download-sets.ts), every file a row of the Transfers panel through the
// download center's queue.
import { access } from 'node:fs/promises'
import { join } from 'node:path'
import { FerryError } from '../../shared/errors'
import { mapKey } from '../../shared/local-target'
import type { Core } from '../core/create-core'
import type { TreePlan } from '../core/transfers/download-tree-plan'
import { planAppSet, runAppSet } from './app-download-sets'
import type { DownloadCenter } from './download-center'

export interface FolderDownloadRequest {
  connectionId: string
  bucket: string
  /** Full prefixes, each ending in "/". */
  prefixes: string[]
  folder: string
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  )

/** The folder's own name, refused when it cannot be a folder name here ("..", "a//"). */
function folderName(bucket: string, prefix: string): string {
  const bare = prefix.slice(0, -1)
  const parent = bare.slice(0, bare.lastIndexOf('/') + 1)
  const mapped = mapKey({ key: bare, size: 0 }, { bucket, prefix: parent, platform: process.platform })
  if (mapped.kind === 'file') return mapped.path
  throw mapped.kind === 'rejected'
    ? mapped.error
    : new FerryError({
        code: 'bad-input',
        message: `the folder "${prefix}" has no name a local folder can take`,
        fix: 'Open it and download the objects inside instead.',
      })
}

async function freeFolder(folder: string, name: string, taken: Set<string>): Promise<string> {
  for (let n = 0; ; n++) {
    const candidate = join(folder, n === 0 ? name : `${name} (${n})`)
    if (!taken.has(candidate) && !(await exists(candidate))) return candidate
  }
}

/**
 * Plans every folder first (so a typo or a refused name fails before anything moves), then
 * starts them; their files show up as transfer events as each set queues them.
 */
export async function startFolderDownloads(
  core: Core,
  downloads: DownloadCenter,
  request: FolderDownloadRequest,
): Promise<void> {
  const { connectionId, bucket } = request
  const taken = new Set<string>()
  const plans: { prefix: string; plan: TreePlan }[] = []
  for (const prefix of request.prefixes) {
    const target = await freeFolder(request.folder, folderName(bucket, prefix), taken)
    taken.add(target)
    const sources = [{ kind: 'prefix' as const, bucket, prefix }]
    plans.push({ prefix, plan: await planAppSet(core, connectionId, { sources, target }) })
  }
  for (const { prefix, plan } of plans)
    void runAppSet(
      core,
      downloads,
      connectionId,
      { sources: [{ kind: 'prefix', bucket, prefix }], target: plan.target },
      plan,
    )
}
