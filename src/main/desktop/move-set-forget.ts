// A move row's sets given up, as `ferry cancel` gives up a set (move-set-cancel.ts): each set
// with a journal not done has its streams cancelled through the scheduler, its open multipart
// copies aborted on the destination's store, then its journal deleted.
import { FerryError } from '../../shared/errors'
import type { Core } from '../core/create-core'
import { findJournaled } from '../core/transfers/journaled-cancel'
import { cancelMoveSet } from '../core/transfers/move-set-cancel'
import { cancelStream } from '../core/transfers/open-copies'
import type { RowSet } from './move-row'

/** Throws what kept a set's cancel from finishing; its journal then stays, marked cancel-pending. */
export async function forgetSets(core: Core, sets: RowSet[], destinationId: string): Promise<void> {
  const journalDir = core.transfers.journalDir
  for (const set of sets) {
    if (set.status !== 'open' || !set.setId) continue
    const j = await findJournaled(journalDir, set.setId).catch((e: unknown) => {
      if (e instanceof FerryError && e.code === 'not-found') return undefined
      throw e
    })
    if (j?.kind === 'move-set' && j.state === 'open')
      await cancelMoveSet(j, {
        journalDir,
        cancelStream: (id) => cancelStream(core.transfers, id).then(() => true),
        client: () => core.client(destinationId),
      })
    set.status = 'new'
  }
}
