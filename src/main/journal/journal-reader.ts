import { readFile } from 'node:fs/promises'
import { FerryError } from '../../shared/errors'
import { parseJournal, type JournalView } from './journal'
import { batchedView, batchOf } from './journal-batch'
import { journalPath } from './journal-writer'

export const noTransfer = (journalDir: string, transferId: string): FerryError =>
  new FerryError({
    code: 'not-found',
    message: `no transfer ${transferId} in ${journalDir}`,
    fix: 'Run ferry transfers to see the transfers there (FERRY_STATE_DIR chooses the folder).',
  })

export async function readJournal(journalDir: string, transferId: string): Promise<JournalView> {
  if (batchOf(transferId)) {
    const view = batchedView(journalDir, transferId)
    if (!view) throw noTransfer(journalDir, transferId)
    return view
  }
  const path = journalPath(journalDir, transferId)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw noTransfer(journalDir, transferId)
    throw e
  }
  return parseJournal(text, path)
}
