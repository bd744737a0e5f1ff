// Cancelling transfers that no process runs, found by their journals in the state folder: what
// `ferry cancel` does. An upload is cancelled by the one transfer scheduler (pause-cancel.ts,
// cancel-ending.ts: its multipart upload aborted, then its journal deleted, or a cancel-pending
// mark when the store is out of reach). A set is cancelled here: a prefix download loses its
// partial files and its journal, and keeps every file it finished and placed (each is whole
// and verified); a move or copy of many objects stops: the multipart copies its journal holds
// open are aborted (open-copies.ts), then its journal is deleted; nothing else on the store is
// touched, so objects moved stay moved and a copy whose source was not deleted yet stays beside
// it (both whole), and the same command again starts over. A store out of reach keeps the
// journal, marked cancel-pending so that `ferry resume --all` leaves it alone.
import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join, sep } from 'node:path'
import { FerryError } from '../../../shared/errors'
import type { S3Client } from '@aws-sdk/client-s3'
import { cancelPending, clearCancelPending, markCancelPending } from '../../journal/cancel-marks'
import { JournalCatalog } from '../../journal/catalog'
import { journalPathOf, partialPathOf } from '../../journal/download-journal'
import { readSets, setHeldElsewhere, type SetView } from '../../journal/download-set-journal'
import type { JournalView } from '../../journal/journal'
import { batchOf, batchPath } from '../../journal/journal-batch'
import { journalPath } from '../../journal/journal-writer'
import {
  moveHeldElsewhere,
  readMoves,
  type MoveView,
  type OpenCopyUpload,
  type PendingCreate,
} from '../../journal/move-journal'
import { isRunning } from '../../journal/process-alive'
import { noTransfer, transferRunningElsewhere } from '../../journal/transfer-errors'
import { closeCopiesLeftOpen, copiesLeftOpen } from './open-copies'

/** 'open': did not finish; 'done': finished, nothing to cancel; 'cancelled': only its journal is left. */
export type JournaledState = 'open' | 'done' | 'cancelled'

interface Common {
  id: string
  state: JournaledState
  /** The live process that runs it now, if any: it is that process's to cancel. */
  heldBy?: number
}

export type Journaled =
  | (Common & {
      kind: 'upload'
      bucket: string
      key: string
      /** The multipart upload a cancel aborts (an open transfer's only). */
      uploadId?: string
      /** The journal a cancel deletes: its own file, or the batch it is forgotten in. */
      journal: string
      cancelPending: boolean
    })
  | (Common & { kind: 'download-set'; view: SetView })
  | (Common & { kind: 'move-set'; view: MoveView })

function batchPathOf(journalDir: string, id: string): string | undefined {
  const batch = batchOf(id)
  return batch === undefined ? undefined : batchPath(journalDir, batch)
}

function uploadOf(journalDir: string, id: string, view: JournalView): Journaled {
  const h = view.header
  const held = !view.final && isRunning(view.writer)
  const status = view.final?.status
  const state = status === 'done' ? 'done' : status === 'cancelled' ? 'cancelled' : 'open'
  return {
    kind: 'upload',
    id,
    state,
    ...(held ? { heldBy: view.writer.pid } : {}),
    bucket: h.bucket,
    key: h.key,
    // Done or cancelled: no upload is left open to abort.
    ...(state === 'open' && h.kind === 'multipart' && h.uploadId ? { uploadId: h.uploadId } : {}),
    journal: batchPathOf(journalDir, id) ?? journalPath(journalDir, id),
    cancelPending: cancelPending(journalDir, id),
  }
}

const setOf = (view: SetView): Journaled => ({
  kind: 'download-set',
  id: view.header.id,
  state: view.end?.status === 'done' ? 'done' : 'open',
  ...(setHeldElsewhere(view) ? { heldBy: view.runs.at(-1)!.pid } : {}),
  view,
})

const moveOf = (view: MoveView): Journaled => ({
  kind: 'move-set',
  id: view.header.id,
  state: view.end?.status === 'done' ? 'done' : 'open',
  ...(moveHeldElsewhere(view) ? { heldBy: view.runs.at(-1)!.pid } : {}),
  view,
})

/** The journaled transfer with this id (an upload, a prefix download or a move set); throws not-found. */
export async function findJournaled(journalDir: string, id: string): Promise<Journaled> {
  const catalog = new JournalCatalog(journalDir)
  if (catalog.exists(id)) return uploadOf(journalDir, id, catalog.read(id))
  const set = (await readSets(journalDir)).find((s) => s.header.id === id)
  if (set) return setOf(set)
  const move = (await readMoves(journalDir)).find((m) => m.header.id === id)
  if (move) return moveOf(move)
  throw noTransfer(journalDir, id)
}

/**
 * Every transfer that did not finish and that no live process runs (the rule `ferry resume
 * --all` follows), those whose cancel did not finish included: what `ferry cancel --all` cancels.
 */
export async function cancellableJournaled(journalDir: string): Promise<Journaled[]> {
  const catalog = new JournalCatalog(journalDir)
  const uploads = (await catalog.cancellable()).map((id) => uploadOf(journalDir, id, catalog.read(id)))
  const sets = (await readSets(journalDir)).map(setOf)
  const moves = (await readMoves(journalDir)).map(moveOf)
  return [...uploads, ...sets, ...moves].filter((j) => j.state === 'open' && j.heldBy === undefined)
}

/** Refuses a transfer another live process runs: nothing of it is touched. */
export function refuseIfHeld(j: Journaled): void {
  if (j.heldBy !== undefined)
    throw transferRunningElsewhere(
      j.id,
      { pid: j.heldBy },
      'Cancel it where it runs, or stop that process first.',
    )
}

/**
 * The files a cancelled prefix download leaves to delete: the partial file and ranges' journal
 * of each file the set named (started, finished or failed), never a target itself. A finished
 * file's partial file can be left beside it by a kill between its rename and the cleanup.
 */
export function setLeftovers(view: SetView): string[] {
  const target = view.header.target
  const relatives = new Set([...view.started.keys(), ...view.done.keys(), ...view.failed.keys()])
  const paths: string[] = []
  for (const relative of relatives) {
    // As download-tree-plan.ts maps a key to its path; a journal naming a path outside the
    // folder (edited by hand) is not followed there.
    const path = join(target, ...relative.split('/'))
    if (!path.startsWith(target + sep)) continue
    paths.push(partialPathOf(path), journalPathOf(path))
  }
  return paths
}

export interface SetCancelled {
  /** Paths deleted: the partial files and, last, the set's journal. */
  removed: string[]
  /** Download: files finished and kept. Move: objects moved (their source deleted). */
  kept: number
  /** Move: objects copied and proven whose source was not deleted yet (both stay). */
  copiedOnly?: number
  /** Move: the multipart copies left open that the cancel aborts. */
  aborts?: OpenCopyUpload[]
  /** Move: the creates cut off before their answer, whose key's uploads since are aborted. */
  sweeps?: PendingCreate[]
}

/** What cancelling a set removes and keeps, without removing anything (`--dry-run`). */
export function setCancelPlan(j: Extract<Journaled, { kind: 'download-set' | 'move-set' }>): SetCancelled {
  if (j.kind === 'download-set')
    return {
      removed: [...setLeftovers(j.view).filter((p) => existsSync(p)), j.view.path],
      kept: j.view.done.size,
    }
  const v = j.view
  const open = [...v.openUploads.values()]
  const pending = [...v.pendingCreates.values()]
  const aborts = {
    ...(open.length > 0 ? { aborts: open } : {}),
    ...(pending.length > 0 ? { sweeps: pending } : {}),
  }
  if (v.header.op === 'copy') return { removed: [v.path], kept: v.copied.size, ...aborts }
  return { removed: [v.path], kept: v.moved, copiedOnly: Math.max(0, v.copied.size - v.moved), ...aborts }
}

/**
 * Cancels a set no process runs (see the head of this file); throws when one does. `store`: the
 * destination's client, for a move set whose journal holds open multipart copies.
 */
export async function cancelSet(
  j: Extract<Journaled, { kind: 'download-set' | 'move-set' }>,
  store?: { client?: S3Client; journalDir: string },
): Promise<SetCancelled> {
  refuseIfHeld(j)
  if (j.state === 'done')
    throw new FerryError({
      code: 'bad-input',
      message: `transfer ${j.id} already finished`,
      fix: 'Nothing is left to cancel; ferry transfers --clear forgets it.',
    })
  const plan = setCancelPlan(j)
  if (j.kind === 'move-set' && copiesLeftOpen(j.view)) {
    if (!store?.client)
      throw new Error(`cancelling ${j.id} needs its store, to abort its open multipart copies`)
    try {
      await closeCopiesLeftOpen(store.client, j.view, async () => {}, j.id)
    } catch (e) {
      markCancelPending(store.journalDir, j.id)
      throw e
    }
  }
  // The journal last: a cancel cut short is found again, and finished by cancelling again.
  for (const path of plan.removed) await rm(path, { force: true })
  if (store) clearCancelPending(store.journalDir, j.id)
  return plan
}
