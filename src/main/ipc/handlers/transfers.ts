import { PAUSABLE_STATES, RESUMABLE_STATES } from '../../../shared/transfer-groups'
import type { Core } from '../../core/create-core'
import { desktopServices } from '../../desktop/desktop-services'
import { checkProfileCredentials } from './profile-check'
import type { Handler } from '../handler-types'
import { connectionCustomerKey, uploadEncryption } from '../../core/connections/connection-encryption'

// Downloads started from the window run in main (desktop/download-center); uploads in the
// engine through the transfer manager; the window's moves and copies in main too
// (desktop/move-center). The bridge shows them as one list.
const downloadsOf = (core: Core) => desktopServices(core).downloads
const movesOf = (core: Core) => desktopServices(core).moves

export const listTransfers: Handler<'transfers:list'> = async (_request, core) => [
  ...(await core.transfers.list()),
  ...downloadsOf(core).list(),
  ...movesOf(core).list(),
]
/** New uploads follow the settings; the part size is raised for files that need larger parts. */
export const upload: Handler<'transfers:upload'> = async (request, core) => {
  await checkProfileCredentials(core, request.connectionId)
  const { customerKeyFile, encryptionNone, ...rest } = request
  // The sheet's encryption, else the connection's default.
  const { headers, customerKey } = await uploadEncryption(core.connections, request.connectionId, {
    headers: rest.headers,
    customerKeyFile,
    encryptionNone,
  })
  return core.transfers.upload({
    ...rest,
    headers,
    ...(customerKey ? { customerKey } : {}),
    ...core.settings.tuning(),
    partSizeIsPreference: true,
  })
}

export const pauseTransfer: Handler<'transfers:pause'> = async ({ id }, core) => {
  const downloads = downloadsOf(core)
  if (movesOf(core).has(id)) movesOf(core).pause(id)
  else if (downloads.has(id)) downloads.pause(id)
  else core.transfers.pause(id)
  return null
}
export const resumeTransfer: Handler<'transfers:resume'> = async ({ id }, core) => {
  const connectionId =
    downloadsOf(core).has(id) || movesOf(core).has(id)
      ? undefined
      : (await core.transfers.list()).find((t) => t.id === id)?.connectionId
  await resumeOne(core, id, connectionId)
  return null
}

/** A move runs again in the background: its row follows it, and says how it ended. */
function resumeMove(core: Core, id: string): void {
  void movesOf(core)
    .resume(id)
    .catch(() => undefined)
}

async function resumeOne(core: Core, id: string, connectionId: string | undefined): Promise<void> {
  if (movesOf(core).has(id)) return resumeMove(core, id)
  const downloads = downloadsOf(core)
  if (downloads.has(id)) return downloads.resume(id)
  await core.transfers.assertNotSetStream(id)
  // An SSE-C upload's key is never stored: the connection's key file gives it again (the
  // engine sends it only for an SSE-C upload, and refuses it when it is not the upload's key).
  // A key file that cannot be read matters only to an upload that needs the key: that resume
  // fails naming the file and why, not as if no key file were set.
  const customerKey = await connectionCustomerKey(core.connections, connectionId).catch((e: unknown) => {
    if (core.transfers.needsCustomerKey(id)) throw e
    return undefined
  })
  // The bandwidth limit is the link's, so a resumed transfer follows today's; part size and
  // concurrency stay what the journal's parts were planned with.
  core.transfers.resume(id, {
    tuning: { maxBytesPerSecond: core.settings.get().maxBytesPerSecond },
    ...(customerKey ? { customerKey } : {}),
  })
}
/**
 * A move not running is cancelled before the answer (its journals' open copies aborted, as
 * `ferry cancel` does), so a failure shows; a running one stops, and its row says how it ended.
 */
export const cancelTransfer: Handler<'transfers:cancel'> = async ({ id }, core) => {
  const downloads = downloadsOf(core)
  const moves = movesOf(core)
  if (moves.has(id)) {
    const row = moves.summary(id)
    if (row.state === 'moving' || row.state === 'copying') void moves.cancel(id).catch(() => undefined)
    else await moves.cancel(id)
  } else if (downloads.has(id)) downloads.cancel(id)
  else core.transfers.cancel(id)
  return null
}

/** Every list loses its done and cancelled rows; a failed one stays, to be retried or cancelled. */
export const clearFinishedTransfers: Handler<'transfers:clear-finished'> = async (_request, core) => {
  const uploads = await core.transfers.clearFinished()
  const moves = await movesOf(core).clearFinished()
  return { ids: [...uploads, ...downloadsOf(core).clearFinished(), ...moves] }
}

/** Pause all, Resume all: one request, not one per transfer (there may be ten thousand). */
export const pauseAllTransfers: Handler<'transfers:pause-all'> = async (_request, core) => {
  const targets = (await listTransfers({}, core)).filter((t) => PAUSABLE_STATES.has(t.state))
  for (const t of targets) await pauseTransfer({ id: t.id }, core).catch(() => null)
  return { count: targets.length }
}

export const resumeAllTransfers: Handler<'transfers:resume-all'> = async (_request, core) => {
  // Not one the person cancelled whose cancel did not finish: only its own Resume brings it back.
  const targets = (await listTransfers({}, core)).filter(
    (t) => RESUMABLE_STATES.has(t.state) && !core.transfers.cancelPending(t.id),
  )
  let count = 0
  for (const t of targets) {
    // One that cannot resume here (running in another Ferry process, cancelled meanwhile) does not stop the others.
    const resumed = await resumeOne(core, t.id, t.connectionId).then(
      () => true,
      () => false,
    )
    if (resumed) count++
  }
  return { count }
}
