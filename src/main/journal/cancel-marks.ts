// A cancel the engine could not finish (the store out of reach, no credentials) keeps the
// transfer's journal, the one place its multipart upload id is written. This mark beside it
// says the person cancelled it, so that nothing resumes it by itself: not `ferry resume --all`,
// not Resume all, not the app's next start, which tries the cancel again instead. A resume
// asked for this one transfer clears the mark (the person changed their mind).
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const CANCEL_MARK_SUFFIX = '.cancel-pending'

const markPath = (journalDir: string, transferId: string): string =>
  join(journalDir, `${transferId}${CANCEL_MARK_SUFFIX}`)

export function markCancelPending(journalDir: string, transferId: string): void {
  try {
    writeFileSync(markPath(journalDir, transferId), new Date().toISOString() + '\n')
  } catch {
    // A state folder that cannot be written fails the next journal write too, with its reason.
  }
}

export function clearCancelPending(journalDir: string, transferId: string): void {
  rmSync(markPath(journalDir, transferId), { force: true })
}

export const cancelPending = (journalDir: string, transferId: string): boolean =>
  existsSync(markPath(journalDir, transferId))
