// Objects dragged out of the window onto the desktop or into a file manager. The OS drag
// carries local files, so each object is fetched first, by the engine like any download
// (verified, written under a temporary name, renamed into place), into a staging folder of
// its own in the state folder; then the desktop starts the drag with those files, and a drop
// copies them where the person lets go. Staging folders are swept after a day: a drop may
// still be copying from them long after the drag started.
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { DRAG_OUT_MAX_BYTES, DRAG_OUT_MAX_OBJECTS } from '../../shared/drag-out'
import { FerryError } from '../../shared/errors'
import { mapKey } from '../../shared/local-target'
import { formatBytes } from '../../shared/sizes'
import type { Core } from '../core/create-core'
import type { DesktopPort } from '../core/ports'
import { newTransferId } from '../core/transfers/transfer-ids'
import { headObject } from '../s3/head'
import { toFerryError } from '../s3/s3-errors'

export interface DragOutRequest {
  connectionId: string
  bucket: string
  keys: string[]
}

const STAGING_KEPT_MS = 24 * 60 * 60 * 1000

export const stagingRootOf = (stateDir: string): string => join(stateDir, 'drag-out')

async function sweepStaging(root: string, now: number): Promise<void> {
  const entries = await readdir(root).catch(() => [])
  for (const name of entries) {
    const path = join(root, name)
    const info = await stat(path).catch(() => undefined)
    if (info && now - info.mtimeMs > STAGING_KEPT_MS) await rm(path, { recursive: true, force: true })
  }
}

/** Each object's file name in the staging folder: its last key segment, made unique. */
function stagedNames(bucket: string, keys: string[]): string[] {
  const taken = new Set<string>()
  return keys.map((key) => {
    const name = key.slice(key.lastIndexOf('/') + 1)
    const mapped = mapKey({ key: name, size: 0 }, { bucket, prefix: '', platform: process.platform })
    if (mapped.kind !== 'file')
      throw mapped.kind === 'rejected'
        ? mapped.error
        : new FerryError({
            code: 'bad-input',
            message: `"${key}" has no name a file can take`,
            fix: 'Drag the objects inside the folder instead.',
          })
    const dot = mapped.path.lastIndexOf('.')
    const [stem, ext] = dot > 0 ? [mapped.path.slice(0, dot), mapped.path.slice(dot)] : [mapped.path, '']
    let candidate = mapped.path
    for (let n = 1; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`
    taken.add(candidate.toLowerCase())
    return candidate
  })
}

/** Fetches the objects into a fresh staging folder and starts the OS drag; returns the files. */
export async function dragObjectsOut(
  core: Core,
  desktop: DesktopPort,
  request: DragOutRequest,
): Promise<string[]> {
  const { connectionId, bucket, keys } = request
  if (keys.length > DRAG_OUT_MAX_OBJECTS)
    throw new FerryError({
      code: 'bad-input',
      message: `${keys.length} objects are more than a drag can carry (at most ${DRAG_OUT_MAX_OBJECTS})`,
      fix: 'Use Download instead: it saves them into a folder you pick.',
    })
  const names = stagedNames(bucket, keys)
  const client = core.client(connectionId)
  const heads = await Promise.all(
    keys.map((key) =>
      headObject(client, bucket, key).catch((e: unknown) => Promise.reject(toFerryError(e, { bucket, key }))),
    ),
  )
  const bytes = heads.reduce((n, h) => n + h.size, 0)
  if (bytes > DRAG_OUT_MAX_BYTES)
    throw new FerryError({
      code: 'bad-input',
      message: `${keys.length === 1 ? basename(keys[0]!) : `${keys.length} objects`} (${formatBytes(bytes)}) cannot be fetched while the pointer is held: a drag out carries at most ${formatBytes(DRAG_OUT_MAX_BYTES)}`,
      fix: 'Use Download instead: it saves them into a folder you pick, with progress in the Transfers panel.',
    })

  const root = stagingRootOf(core.deps.stateDir)
  await mkdir(root, { recursive: true })
  await sweepStaging(root, Date.now())
  const dir = await mkdtemp(join(root, 'drag-'))
  const paths = names.map((name) => join(dir, name))
  try {
    await Promise.all(
      keys.map((key, i) =>
        core.transfers.download({
          transferId: newTransferId(),
          connectionId,
          job: { bucket, key, target: paths[i]!, ifExists: 'fail' },
          onProgress: () => {},
          onVerifying: () => {},
        }),
      ),
    )
  } catch (e) {
    await rm(dir, { recursive: true, force: true })
    throw e
  }
  desktop.startDrag(paths)
  return paths
}
