// Downloads started in the window (objects, folders, versions) that a quit, a crash or a kill
// cut short are taken up when the app starts again, as its uploads and moves are (the "resume
// at start" setting). Each is a download set in the app's state folder (app-download-sets.ts):
// it is planned again from its journal's request and runs through the download center, so its
// files show in the Transfers panel, those already in place are not fetched again, and a large
// object continues from the ranges on disk. Sets of `ferry get` alone (no app connection in their
// journal) stay for `ferry resume`, a sync's for that sync; a set a live process runs is left to it.
import { toErrorValue } from '../../shared/errors'
import type { Core } from '../core/create-core'
import { forgetSet, interruptedSets, type SetView } from '../journal/download-set-journal'
import { planAppSet, runAppSet } from './app-download-sets'
import type { DownloadCenter } from './download-center'
import type { RotatingLog } from './rotating-log'

/**
 * The window's sets, cut short, that no live process runs: oldest first. Not a sync's: its plan,
 * which the person confirmed, chose its files, and the same sync again continues it.
 */
export async function appDownloadSetsToFinish(journalDir: string): Promise<SetView[]> {
  return (await interruptedSets(journalDir)).filter(
    // The window's sets never overwrite ('fail' and a free name); a sync's journaled before
    // syncs were marked did.
    (v) =>
      v.header.connection.connectionId !== undefined &&
      v.header.sync !== true &&
      v.header.ifExists === 'fail',
  )
}

/**
 * Plans and starts each set again; resolves once every set has ended or been cut short again
 * (the app closing pauses its files, and the journal keeps the rest for the next start).
 */
export async function finishInterruptedDownloads(
  core: Core,
  downloads: DownloadCenter,
  log: RotatingLog,
): Promise<void> {
  const known = new Set(core.connections.list().map((c) => c.id))
  const runs: Promise<void>[] = []
  for (const view of await appDownloadSetsToFinish(core.transfers.journalDir)) {
    const h = view.header
    const connectionId = h.connection.connectionId!
    const words = `download set ${h.id} into ${h.target}`
    if (!known.has(connectionId)) {
      log.warn(`left the interrupted ${words}: its connection is no longer saved in Ferry`)
      continue
    }
    const request = { sources: h.sources, target: h.target, rules: h.rules, ifExists: h.ifExists }
    runs.push(
      planAppSet(core, connectionId, request).then(
        (plan) => {
          log.info(`taking up the interrupted ${words} (${plan.files.length} files)`)
          return runAppSet(core, downloads, connectionId, request, plan)
        },
        async (e: unknown) => {
          const error = toErrorValue(e)
          log.error(`cannot take up the interrupted ${words}: ${error.message}`)
          const source = h.sources[0]!
          const key = source.kind === 'prefix' ? source.prefix : source.key
          downloads.refuse({ connectionId, bucket: source.bucket, key, error })
          // What a later start could not mend either (the objects gone, access denied) is not
          // tried at every start: the row says it once. The files already in place stay.
          if (!error.retryable) await forgetSet(core.transfers.journalDir, h.id)
        },
      ),
    )
  }
  await Promise.all(runs)
}
