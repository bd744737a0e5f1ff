// The window's downloads run as download sets (download-set-journal.ts), as `ferry get` does:
// each folder, and each object selected (a set of one, found by HEAD under the name chosen for
// it), so that a quit, a crash or a kill leaves a journal that the next start takes up
// (download-recovery.ts). A set's files are rows of the Transfers panel through the download
// center's queue. A set that ends, done or failed, is forgotten: the rows are the app's record
// of it, a failed file is retried from its row, and only a set cut short is taken up at start.
import { basename } from 'node:path'
import type { TransferSummary } from '../../shared/domain/transfer'
import { FerryError, toErrorValue } from '../../shared/errors'
import { withKeyWhenNeeded } from '../core/connections/connection-encryption'
import type { Core } from '../core/create-core'
import { keyBaseName } from '../core/objects/location'
import { runTreeDownload, type SetSource, type TreeDownloadRequest } from '../core/transfers/download-tree'
import { planTreeDownload, type TreePlan } from '../core/transfers/download-tree-plan'
import { forgetSet } from '../journal/download-set-journal'
import { journalConnection } from '../journal/journal'
import { freeTarget, type DownloadCenter } from './download-center'

/** What the window asked for, by the objects' keys. */
export interface ObjectDownloadRequest {
  connectionId: string
  bucket: string
  keys: string[]
  folder: string
  /** One version of the (single) key, not its latest. */
  versionId?: string
}

/** The set's sources and target folder, as its journal keeps them; the tuning is the settings'. */
export type AppSetRequest = Pick<TreeDownloadRequest, 'sources' | 'target' | 'rules' | 'ifExists'>

/** Plans a set: lists its prefixes, or HEADs its named object (with the connection's SSE-C key when it needs one). */
export function planAppSet(core: Core, connectionId: string, request: AppSetRequest): Promise<TreePlan> {
  const client = core.client(connectionId)
  return withKeyWhenNeeded(core.connections, connectionId, (customerKey) =>
    planTreeDownload(client, {
      sources: request.sources,
      target: request.target,
      ...(request.rules ? { rules: request.rules } : {}),
      ...(customerKey ? { customerKey } : {}),
    }),
  )
}

/**
 * Runs a planned set through the download center: the keys its plan refused become failed rows,
 * its files rows as they are queued (`onQueued` hears each). Resolves when the set ends or is
 * cut short; a set that could not start (its journal could not be written) is a failed row.
 */
export async function runAppSet(
  core: Core,
  downloads: DownloadCenter,
  connectionId: string,
  request: AppSetRequest,
  plan: TreePlan,
  onQueued?: (summary: TransferSummary) => void,
): Promise<void> {
  const bucket = request.sources[0]?.bucket ?? ''
  for (const r of plan.rejected)
    downloads.refuse({ connectionId, bucket, key: r.key, error: r.error.toValue() })
  const journalDir = core.transfers.journalDir
  try {
    const summary = await runTreeDownload(
      { connectionId, ifExists: 'fail', ...request, ...downloads.tuning() },
      plan,
      {
        queue: downloads.queue(connectionId, onQueued),
        journalDir,
        journalConnection: journalConnection(core.connections.resolve(connectionId), connectionId),
      },
    )
    if (!summary.interrupted) await forgetSet(journalDir, summary.setId)
  } catch (e) {
    const source = request.sources[0]
    const key = source?.kind === 'prefix' ? source.prefix : (source?.key ?? '')
    downloads.refuse({ connectionId, bucket, key, error: toErrorValue(e) })
  }
}

/**
 * Each object into the folder under its own name ("report (1).pdf" when that name is taken), one
 * set each. Plans them all first (a missing object or a wrong version id fails before anything
 * moves), then starts them; returns each file's row once it is queued.
 */
export async function startObjectDownloads(
  core: Core,
  downloads: DownloadCenter,
  request: ObjectDownloadRequest,
): Promise<TransferSummary[]> {
  const { connectionId, bucket, folder } = request
  const taken = downloads.targetsInUse()
  const planned: { request: AppSetRequest; plan: TreePlan }[] = []
  for (const key of request.keys) {
    const name = keyBaseName(key)
    if (!name || key.endsWith('/'))
      throw new FerryError({
        code: 'bad-input',
        message: `"${key}" is a folder, not an object`,
        fix: 'Select the objects to download.',
      })
    const target = await freeTarget(folder, name, taken)
    taken.add(target)
    const source: SetSource = {
      kind: 'object',
      bucket,
      key,
      as: basename(target),
      ...(request.versionId !== undefined ? { versionId: request.versionId } : {}),
    }
    const setRequest: AppSetRequest = { sources: [source], target: folder }
    planned.push({ request: setRequest, plan: await planAppSet(core, connectionId, setRequest) })
  }
  return Promise.all(
    planned.map(
      ({ request: setRequest, plan }) =>
        new Promise<TransferSummary>((resolve, reject) => {
          let queued = false
          void runAppSet(core, downloads, connectionId, setRequest, plan, (summary) => {
            queued = true
            resolve(summary)
          }).then(() => {
            // Ended without queueing its file: runAppSet made a failed row saying why.
            if (!queued)
              reject(
                new FerryError({
                  code: 'internal',
                  message: `the download of s3://${bucket}/${plan.files[0]?.key ?? ''} did not start`,
                  fix: 'See its row in the Transfers panel.',
                }),
              )
          })
        }),
    ),
  )
}
