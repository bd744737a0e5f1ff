import { readdir, readFile } from 'node:fs/promises'
import { FerryError } from '../../shared/errors'
import { JOURNAL_SUFFIX, parseJournal, type JournalView } from './journal'
import { journalPath } from './journal-writer'

export async function readJournal(journalDir: string, transferId: string): Promise<JournalView> {
  const path = journalPath(journalDir, transferId)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new FerryError({
        code: 'not-found',
        message: `no transfer ${transferId} in ${journalDir}`,
        fix: 'Run ferry transfers to see the transfers there (FERRY_STATE_DIR chooses the folder).',
      })
    }
    throw e
  }
  return parseJournal(text, path)
}

/** The ids of every journal in the folder (none when the folder does not exist yet). */
export async function journalIds(journalDir: string): Promise<string[]> {
  try {
    const names = await readdir(journalDir)
    return names.filter((n) => n.endsWith(JOURNAL_SUFFIX)).map((n) => n.slice(0, -JOURNAL_SUFFIX.length))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw e
  }
}
