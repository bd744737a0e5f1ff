// Downloads started in the window (objects, folders, versions) that a quit, a crash or a kill
// cut short are taken up when the app starts again, as its uploads and moves are (the "resume
// at start" setting; with it off, each waits as a paused row for the person's Resume or Cancel). Each is a download set in the app's state folder (app-download-sets.ts):
// it is planned again from its journal's request and runs through the download center, so its
// files show in the Transfers panel, those already in place are not fetched again, and a large
// object continues from the ranges on disk. Sets of `ferry get` alone (no app connection in their
// journal) stay for `ferry resume`, a sync's for that sync; a set a live process runs is left to it.
import { toErrorValue } from '../../shared/errors'
import type { Core } from '../core/create-core'
import { join } from 'node:path'
import { grouped, plural } from '../../shared/plural'
import { cancelSet, findJournaled } from '../core/transfers/journaled-cancel'
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
 * At start: with "resume at start" on, plans and starts each set again, and resolves once every
 * set has ended or been cut short again (the app closing pauses its files, and the journal keeps
 * the rest for the next start). With it off, each set waits as one paused row, whose Resume
 * does the same and whose Cancel deletes its partial files and its journal.
 */
export async function takeUpInterruptedDownloads(
  core: Core,
  downloads: DownloadCenter,
  log: RotatingLog,
  resume: boolean,
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
    const run = () => finishOne(core, downloads, log, view)
    if (resume) runs.push(run())
    else hold(core, downloads, view, run)
  }
  await Promise.all(runs)
}

function finishOne(core: Core, downloads: DownloadCenter, log: RotatingLog, view: SetView): Promise<void> {
  const h = view.header
  const connectionId = h.connection.connectionId!
  const words = `download set ${h.id} into ${h.target}`
  const request = { sources: h.sources, target: h.target, rules: h.rules, ifExists: h.ifExists }
  return planAppSet(core, connectionId, request).then(
    (plan) => {
      log.info(`taking up the interrupted ${words} (${plan.files.length} files)`)
      return runAppSet(core, downloads, connectionId, request, plan)
    },
    async (e: unknown) => {
      const error = toErrorValue(e)
      log.error(`cannot take up the interrupted ${words}: ${error.message}`)
      const { bucket, key } = sourceOf(view)
      downloads.refuse({ connectionId, bucket, key, error })
      // What a later start could not mend either (the objects gone, access denied) is not
      // tried at every start: the row says it once. The files already in place stay.
      if (!error.retryable) await forgetSet(core.transfers.journalDir, h.id)
    },
  )
}

/** The prefix or object a set fetches, as its row names it. */
function sourceOf(view: SetView): { bucket: string; key: string } {
  const source = view.header.sources[0]!
  return { bucket: source.bucket, key: source.kind === 'prefix' ? source.prefix : source.key }
}

/** One paused row for the set, with what it has done: files in place, of how many planned. */
function hold(core: Core, downloads: DownloadCenter, view: SetView, run: () => Promise<void>): void {
  const h = view.header
  const named = h.sources[0]?.kind === 'object' ? h.sources[0].as : undefined
  let bytesDone = 0
  for (const done of view.done.values()) bytesDone += done.size
  const planned = view.lastPlan
  const files = planned
    ? `${grouped(view.done.size)} of ${plural(planned.files, 'file')}`
    : plural(view.done.size, 'file')
  downloads.hold(
    {
      connectionId: h.connection.connectionId!,
      ...sourceOf(view),
      target: named === undefined ? h.target : join(h.target, named),
      size: planned?.bytes ?? 0,
      bytesDone,
    },
    {
      code: 'paused',
      message: `interrupted when Ferry quit, with ${files} in place`,
      fix: 'Resume it to fetch the rest (what is in place is not fetched again), or cancel it to delete its partial files.',
      retryable: true,
    },
    {
      resume: () => void run(),
      cancel: async () => {
        const journaled = await findJournaled(core.transfers.journalDir, h.id)
        if (journaled.kind === 'download-set') await cancelSet(journaled)
      },
    },
  )
}
