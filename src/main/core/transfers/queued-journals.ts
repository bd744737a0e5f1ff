// Every file of an upload is journaled the moment it is queued, not only once the engine starts
// it: when the process dies (kill -9, a crash, a reboot) with a folder half done, `ferry resume
// --all` and the app's resume at start find the files that never started too, rather than
// silently uploading only those that were in flight.
//
// A queued journal holds one 'header' record of kind 'queued', written by the process that
// queued it (a live writer means the transfer waits there). The engine appends its own header
// when it starts the file; a cancel before then deletes the journal. A file never starts before
// its queued journal is on disk; the first ones are written before the upload is accepted, the
// rest while those upload.
//
// The small files of an upload share a batch instead (journal/journal-batch.ts): all their
// headers go in one write before the upload is accepted, and a cancel appends a 'forget'.
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import type { UploadJob } from '../../../shared/engine-protocol'
import { JOURNAL_VERSION, type HeaderRecord, type JournalView } from '../../journal/journal'
import { appendToBatch, batchLine, batchOf, batchPath, type ForgetRecord } from '../../journal/journal-batch'
import { journalPath, JournalWriter } from '../../journal/journal-writer'
import { currentProcessMark } from '../../journal/process-alive'
import { specOfJob } from '../../journal/transfer-spec'
import { redactSecrets } from '../../../shared/secrets-in-use'
import type { PlannedFile } from './expand-paths'

/** Journals written at once: enough to hide the disk's latency, few enough file handles. */
const WRITES_AT_ONCE = 32

/**
 * Journals written before an upload is accepted; the others are written while these already
 * upload (journalRest). Creating a file cost from 0.03 to 0.9 ms on the bench machine, so a
 * folder of 10,000 files waited 9 s for its journals before its first byte moved.
 */
export const FIRST_JOURNALED = WRITES_AT_ONCE

/** Journals written between two moments the queue may move on. */
const LATER_CHUNK = 8 * WRITES_AT_ONCE

export interface RestHooks {
  /** False for a file cancelled meanwhile: its journal is not written. */
  wanted(transferId: string): boolean
  /** These files' journals are on disk: they may start. */
  journaled(transferIds: string[]): void
  /** These files could not be journaled (a full disk): they fail with this error. */
  failed(transferIds: string[], error: unknown): void
}

export function queuedHeader(job: UploadJob, file: Pick<PlannedFile, 'size' | 'mtimeMs'>): HeaderRecord {
  return {
    t: 'header',
    v: JOURNAL_VERSION,
    kind: 'queued',
    at: new Date().toISOString(),
    ...currentProcessMark(),
    ...specOfJob(job),
    size: file.size,
    mtimeMs: file.mtimeMs,
    partSize: 0,
    partCount: 0,
  }
}

/**
 * Writes the queued journals before any of them may start (the engine's header must come
 * after). They are not flushed to disk: a dead process leaves them in the page cache, and
 * after a power cut a lost one costs what it cost before they existed.
 */
export async function journalQueued(journalDir: string, headers: readonly HeaderRecord[]): Promise<void> {
  const batches = new Map<string, HeaderRecord[]>()
  const solo: HeaderRecord[] = []
  for (const header of headers) {
    const batch = batchOf(header.transferId)
    if (!batch) solo.push(header)
    else if (batches.has(batch)) batches.get(batch)!.push(header)
    else batches.set(batch, [header])
  }
  const written: string[] = []
  try {
    if (batches.size > 0) mkdirSync(journalDir, { recursive: true })
    for (const [batch, members] of batches) {
      const path = batchPath(journalDir, batch)
      written.push(path)
      appendToBatch(
        path,
        // As JournalWriter does: a journal never holds a secret in use.
        members.map((h) => redactSecrets(batchLine(h.transferId, h))),
      )
    }
    for (let i = 0; i < solo.length; i += WRITES_AT_ONCE) {
      const results = await Promise.allSettled(
        solo.slice(i, i + WRITES_AT_ONCE).map(async (header) => {
          const journal = await JournalWriter.open(journalDir, header.transferId)
          try {
            await journal.append(header, 'none')
          } finally {
            await journal.close()
          }
        }),
      )
      // Only once every write of the chunk has ended: one still opening its file could create
      // it after the clean-up below had removed it.
      const failure = results.find((r) => r.status === 'rejected')
      if (failure) throw failure.reason
    }
  } catch (e) {
    // The upload fails as a whole (a full disk, a state folder that cannot be written): none of
    // its files may come back later from a resume.
    for (const path of written) rmSync(path, { force: true })
    for (const header of solo) {
      try {
        forgetQueued(journalDir, header.transferId)
      } catch {
        // Not a journal we wrote (a folder in its place): left as it is.
      }
    }
    throw e
  }
}

/**
 * Writes the journals of the files after the first ones, in queue order and in chunks, so that
 * each chunk's files may start as soon as it is on disk. A chunk that fails leaves none of its
 * journals behind, and it and every later file fail: none of them can start unjournaled.
 */
export async function journalRest(
  journalDir: string,
  headers: readonly HeaderRecord[],
  hooks: RestHooks,
): Promise<void> {
  for (let i = 0; i < headers.length; i += LATER_CHUNK) {
    const chunk = headers.slice(i, i + LATER_CHUNK).filter((h) => hooks.wanted(h.transferId))
    try {
      await journalQueued(journalDir, chunk)
    } catch (e) {
      hooks.failed(
        headers.slice(i).map((h) => h.transferId),
        e,
      )
      return
    }
    hooks.journaled(chunk.map((h) => h.transferId))
  }
}

/** The engine never started it: its journal holds only the queued header (and maybe a run). */
export const onlyQueued = (view: JournalView): boolean => view.header.kind === 'queued'

/**
 * A transfer cancelled before it started leaves nothing behind, on the server or here: its
 * journal is deleted, so no later resume starts it.
 */
export function forgetQueued(journalDir: string, transferId: string): void {
  const batch = batchOf(transferId)
  if (!batch) return rmSync(journalPath(journalDir, transferId), { force: true })
  const path = batchPath(journalDir, batch)
  // No batch, nothing to forget: appending would create one.
  if (!existsSync(path)) return
  const forget: ForgetRecord = { t: 'forget', at: new Date().toISOString(), id: transferId }
  appendToBatch(path, [batchLine(transferId, forget)])
}
