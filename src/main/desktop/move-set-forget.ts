// A move row's sets as their journals say. Given up, as `ferry cancel` gives up a set
// (move-set-cancel.ts): each set with a journal not done has its streams cancelled through the
// scheduler, its open multipart copies aborted on the destination's store, then its journal
// deleted. Finished by another process meanwhile (ferry resume). Forgotten once finished.
import { rm } from 'node:fs/promises'
import { FerryError } from '../../shared/errors'
import type { Core } from '../core/create-core'
import { findJournaled } from '../core/transfers/journaled-cancel'
import { cancelMoveSet } from '../core/transfers/move-set-cancel'
import { cancelStream } from '../core/transfers/open-copies'
import type { MoveView } from '../journal/move-journal'
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

/** The objects of a set another process finished (its journal ended done); 0 when it is not. */
export const finishedElsewhere = (journalDir: string, setId: string): Promise<number> =>
  findJournaled(journalDir, setId).then(
    (j) => (j.kind === 'move-set' && j.state === 'done' ? doneIn(j.view) : 0),
    () => 0,
  )

/** Objects of a set already at their destination, as its journal says. */
export const doneIn = (view: MoveView): number => (view.header.op === 'move' ? view.moved : view.copied.size)

/** Deletes the journals of the sets that ended done: Clear finished. */
export async function forgetFinished(journalDir: string, sets: RowSet[]): Promise<void> {
  for (const set of sets) {
    if (set.status !== 'done' || !set.setId) continue
    const j = await findJournaled(journalDir, set.setId).catch(() => undefined)
    if (j?.kind === 'move-set' && j.state === 'done') await rm(j.view.path, { force: true })
  }
}
