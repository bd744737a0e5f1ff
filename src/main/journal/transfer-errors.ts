// The refusals a transfer's journal leads to, wherever they are said: the engine resuming or
// cancelling a transfer, and the transfer scheduler doing the same for the app and the CLI.
import { FerryError } from '../../shared/errors'

export const noTransfer = (journalDir: string, transferId: string): FerryError =>
  new FerryError({
    code: 'not-found',
    message: `no transfer ${transferId} in ${journalDir}`,
    fix: 'Run ferry transfers to see the transfers there (FERRY_STATE_DIR chooses the folder).',
  })

export const transferCancelled = (transferId: string): FerryError =>
  new FerryError({
    code: 'cancelled',
    message: `transfer ${transferId} was cancelled`,
    fix: 'Upload the file again to start a new transfer.',
  })

/** Another live process writes the journal; `host` when it is worth naming. */
export const transferRunningElsewhere = (
  transferId: string,
  writer: { pid: number; host?: string },
  fix = 'Wait for it to finish, or stop that process first.',
): FerryError =>
  new FerryError({
    code: 'bad-input',
    message: `transfer ${transferId} is running in another Ferry process (pid ${writer.pid}${writer.host ? ` on ${writer.host}` : ''})`,
    fix,
  })

/** Cancelling a transfer that is done: its object, named when known, stays. */
export const transferAlreadyFinished = (transferId: string, object?: string): FerryError =>
  new FerryError({
    code: 'bad-input',
    message: `transfer ${transferId} already finished${object ? `; ${object} exists` : ''}`,
    fix: 'Delete the object instead if it should not be there.',
  })

/**
 * Resuming on its own a stream that a move or copy set started and has not settled: the set's
 * next run cancels it and streams the object anew, so finishing it alone would only send it twice.
 */
export const streamOfUnfinishedSet = (
  transferId: string,
  set: { id: string; op: 'move' | 'copy'; toAnotherConnection: boolean },
): FerryError => {
  const verb = set.op === 'move' ? 'move' : 'copy'
  const finish = set.toAnotherConnection
    ? `Run the same ferry ${set.op === 'move' ? 'mv' : 'cp'} command again`
    : `Run ferry resume ${set.id}`
  return new FerryError({
    code: 'bad-input',
    message: `transfer ${transferId} streams an object of the ${verb} ${set.id}, which has not finished and settles its streams itself`,
    fix: `${finish} to finish the ${verb}, or ferry cancel ${set.id} to stop it.`,
  })
}
