import { PAUSABLE_STATES, RESUMABLE_STATES } from '../../../shared/transfer-groups'
import type { Core } from '../../core/create-core'
import { desktopServices } from '../../desktop/desktop-services'
import { checkProfileCredentials } from './profile-check'
import type { Handler } from '../handler-types'

// Downloads started from the window run in main (desktop/download-center); uploads in the
// engine through the transfer manager. The bridge shows them as one list.
const downloadsOf = (core: Core) => desktopServices(core).downloads

export const listTransfers: Handler<'transfers:list'> = async (_request, core) => [
  ...(await core.transfers.list()),
  ...downloadsOf(core).list(),
]
/** New uploads follow the settings; the part size is raised for files that need larger parts. */
export const upload: Handler<'transfers:upload'> = async (request, core) => {
  await checkProfileCredentials(core, request.connectionId)
  return core.transfers.upload({ ...request, ...core.settings.tuning(), partSizeIsPreference: true })
}

export const pauseTransfer: Handler<'transfers:pause'> = async ({ id }, core) => {
  const downloads = downloadsOf(core)
  if (downloads.has(id)) downloads.pause(id)
  else core.transfers.pause(id)
  return null
}
export const resumeTransfer: Handler<'transfers:resume'> = async ({ id }, core) => {
  const downloads = downloadsOf(core)
  if (downloads.has(id)) downloads.resume(id)
  // The bandwidth limit is the link's, so a resumed transfer follows today's; part size and
  // concurrency stay what the journal's parts were planned with.
  else core.transfers.resume(id, { tuning: { maxBytesPerSecond: core.settings.get().maxBytesPerSecond } })
  return null
}
export const cancelTransfer: Handler<'transfers:cancel'> = async ({ id }, core) => {
  const downloads = downloadsOf(core)
  if (downloads.has(id)) downloads.cancel(id)
  else core.transfers.cancel(id)
  return null
}

/** Both lists lose their done and cancelled rows; a failed one stays, to be retried or cancelled. */
export const clearFinishedTransfers: Handler<'transfers:clear-finished'> = async (_request, core) => {
  const uploads = await core.transfers.clearFinished()
  return { ids: [...uploads, ...downloadsOf(core).clearFinished()] }
}

/** Pause all, Resume all: one request, not one per transfer (there may be ten thousand). */
export const pauseAllTransfers: Handler<'transfers:pause-all'> = async (_request, core) => {
  const targets = (await listTransfers({}, core)).filter((t) => PAUSABLE_STATES.has(t.state))
  for (const t of targets) await pauseTransfer({ id: t.id }, core).catch(() => null)
  return { count: targets.length }
}

export const resumeAllTransfers: Handler<'transfers:resume-all'> = async (_request, core) => {
  const targets = (await listTransfers({}, core)).filter((t) => RESUMABLE_STATES.has(t.state))
  let count = 0
  for (const t of targets) {
    // One that cannot resume here (running in another Ferry process, cancelled meanwhile) does not stop the others.
    const resumed = await resumeTransfer({ id: t.id }, core).then(
      () => true,
      () => false,
    )
    if (resumed) count++
  }
  return { count }
}
