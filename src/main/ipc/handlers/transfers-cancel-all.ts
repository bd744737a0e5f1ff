// "Cancel all": one request for every transfer not finished (there may be ten thousand queued),
// each cancelled as its own Cancel does it: uploads aborted on the store and their journals
// deleted, partial downloads removed.
import { FINISHED_STATES } from '../../../shared/transfer-groups'
import type { Handler } from '../handler-types'
import { cancelTransfer, listTransfers } from './transfers'

export const cancelAllTransfers: Handler<'transfers:cancel-all'> = async (_request, core) => {
  const targets = (await listTransfers({}, core)).filter((t) => !FINISHED_STATES.has(t.state))
  let count = 0
  for (const t of targets) {
    // One that cannot be cancelled (done meanwhile, running in another Ferry process) does not stop the others.
    const cancelled = await cancelTransfer({ id: t.id }, core).then(
      () => true,
      () => false,
    )
    if (cancelled) count++
  }
  return { count }
}
