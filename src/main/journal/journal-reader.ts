import { readFile } from 'node:fs/promises'
import { parseJournal, type JournalView } from './journal'
import { batchedView, batchOf } from './journal-batch'
import { journalPath } from './journal-writer'
import { noTransfer } from './transfer-errors'

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
