// The multipart copies a move or copy set left open on the store: its journal holds each upload
// id from before the first part until the upload is completed or aborted (move-journal.ts), so
// a kill -9 or a power loss mid-copy leaves an id behind, never an unknown upload. They are
// aborted before the set copies anything again (the same command, `ferry resume`), at the end
// of a run for any whose abort failed then, and by `ferry cancel` before the journal goes.
// Aborting is simpler than reusing the parts, and always correct: the object is copied again.
// A kill between CreateMultipartUpload's answer and its journal record leaves only the record
// written before the request (`upload-create`, with the server's time): the uploads of that
// destination key started since are then aborted ("swept"), as the engine does for a Create
// whose answer was lost (engine/lost-creates.ts). Another writer starting an upload of that very
// key within that time would lose it; two writers of one key race each other anyway.
// A stream to another connection a killed run left unsettled (its own upload journal) is
// cancelled the same way, through the scheduler, before the set streams that object again.
import type { S3Client } from '@aws-sdk/client-s3'
import type { EngineConnection } from '../../../shared/engine-protocol'
import { FerryError } from '../../../shared/errors'
import type { MoveRecord, MoveView, OpenCopyUpload, PendingCreate } from '../../journal/move-journal'
import { toFerryError } from '../../s3/s3-errors'
import { ABORT_RETRY, abortUpload, listIncompleteUploads } from '../objects/incomplete-uploads'
import type { TransferManager } from './transfer-manager'

/**
 * Aborts each upload on the destination's store, telling `closed` of each one gone; tries them
 * all, then throws what kept one open (the store out of reach...), naming the upload and how to
 * finish: the journal keeps every id not closed.
 */
export async function abortOpenCopies(
  client: S3Client,
  uploads: Iterable<OpenCopyUpload>,
  closed: (upload: OpenCopyUpload) => Promise<void>,
  setId: string,
): Promise<void> {
  let first: { upload: OpenCopyUpload; error: FerryError } | undefined
  let left = 0
  // A copy of the list: `closed` takes each one out of the writer's map.
  for (const upload of [...uploads]) {
    try {
      await abortUpload(client, upload, { policy: ABORT_RETRY })
    } catch (e) {
      left++
      first ??= { upload, error: toFerryError(e, upload) }
      continue
    }
    await closed(upload)
  }
  if (!first) return
  const { upload, error } = first
  const which = left === 1 ? 'the multipart upload' : `${left} multipart uploads, among them the one`
  // Left by a copy that was killed, or whose own abort failed (the store out of reach).
  throw new FerryError(
    {
      code: error.code,
      message: `${which} (${upload.uploadId}) left open at s3://${upload.bucket}/${upload.key} could not be aborted: ${error.message}`,
      fix: `${error.fix} Then run the same command again, ferry resume ${setId} or ferry cancel ${setId}: the journal keeps the upload id until the upload is aborted.`,
      retryable: error.retryable,
    },
    { cause: error },
  )
}

/** Slack for the server stamping Initiated a little before the time journaled (seconds, clocks). */
const SLACK_MS = 5_000

/**
 * Aborts the uploads of each pending create's destination key started since it was journaled,
 * telling `swept` of each key done; throws what kept one from being looked for.
 */
export async function sweepLostCreates(
  client: S3Client,
  pending: Iterable<PendingCreate>,
  swept: (create: PendingCreate) => Promise<void>,
  setId: string,
): Promise<void> {
  for (const create of [...pending]) {
    try {
      const uploads = await listIncompleteUploads(client, create.bucket, { prefix: create.key })
      for (const u of uploads) {
        if (u.key !== create.key || !(Date.parse(u.initiated) >= create.at - SLACK_MS)) continue
        const where = { bucket: create.bucket, key: create.key, uploadId: u.uploadId }
        await abortUpload(client, where, { policy: ABORT_RETRY })
      }
    } catch (e) {
      const error = toFerryError(e, create)
      throw new FerryError(
        {
          ...error.toValue(),
          message: `the multipart upload a copy may have left open at s3://${create.bucket}/${create.key} (cut off before its id was journaled) could not be looked for: ${error.message}`,
          fix: `${error.fix} Then run the same command again, ferry resume ${setId} or ferry cancel ${setId}: the journal keeps what to look for.`,
        },
        { cause: error },
      )
    }
    await swept(create)
  }
}

/** Whether a set's journal holds multipart copies to abort or creates to sweep. */
export const copiesLeftOpen = (v: Pick<MoveView, 'openUploads' | 'pendingCreates'>): boolean =>
  v.openUploads.size > 0 || v.pendingCreates.size > 0

/**
 * Everything of a set's multipart copies that may be open on the store, aborted: the uploads
 * journaled open, then the uploads of creates cut off before their answer. `record` is told
 * what was closed (a live writer journals it; a cancel, which deletes the journal, need not).
 */
export async function closeCopiesLeftOpen(
  client: S3Client,
  left: Pick<MoveView, 'openUploads' | 'pendingCreates'>,
  record: (r: MoveRecord) => Promise<void>,
  setId: string,
): Promise<void> {
  await abortOpenCopies(
    client,
    left.openUploads.values(),
    (u) => record({ t: 'upload-closed', u: u.uploadId }),
    setId,
  )
  await sweepLostCreates(
    client,
    left.pendingCreates.values(),
    (c) => record({ t: 'upload-swept', k: c.sourceKey }),
    setId,
  )
}

/**
 * Cancels a stream an earlier run left unsettled, through the scheduler like any upload (its
 * multipart upload aborted, its journal deleted). One finished, or gone from the state folder,
 * has nothing left to cancel. `connection`: the destination's, with its credentials.
 */
export async function cancelStream(
  manager: Pick<TransferManager, 'cancel' | 'get' | 'waitFor'>,
  id: string,
  connection?: EngineConnection,
): Promise<void> {
  if (manager.get(id)?.state === 'done') return
  try {
    manager.cancel(id, connection ? { connection } : {})
  } catch (e) {
    if (e instanceof FerryError && e.code === 'not-found') return
    throw e
  }
  // A finished journal, or one cancelled before: the scheduler had nothing to do.
  if (!manager.get(id)) return
  const { summary } = await manager.waitFor(id)
  if (summary.state === 'cancelled' || summary.state === 'done') return
  throw summary.error
    ? FerryError.fromValue(summary.error)
    : new FerryError({
        code: 'internal',
        message: `the cancel of transfer ${id} ended ${summary.state}`,
        fix: 'Run ferry transfers to see it.',
      })
}

/** Cancels each stream (`cancel`), telling `settled` of each one done; throws what kept one. */
export async function cancelOpenStreams(
  ids: Iterable<string>,
  cancel: (id: string) => Promise<void>,
  settled: (id: string) => Promise<void>,
  setId: string,
): Promise<void> {
  for (const id of [...ids]) {
    try {
      await cancel(id)
    } catch (e) {
      const error = toFerryError(e)
      throw new FerryError(
        {
          ...error.toValue(),
          message: `transfer ${id}, a stream an interrupted copy left unfinished, could not be cancelled: ${error.message}`,
          fix: `${error.fix} Then run the same command again or ferry cancel ${setId}: the journal keeps the transfer id until it is cancelled.`,
        },
        { cause: error },
      )
    }
    await settled(id)
  }
}
