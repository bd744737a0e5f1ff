// One object of a move or copy set: decide from the journal and the destination what is left
// to do, copy (verified), journal the proven copy durably, then delete the source. Every
// failure leaves the source where it was; a copy this run made that could not be proven is
// removed again, so nothing is lost and nothing is left twice.
import type { S3Client } from '@aws-sdk/client-s3'
import type { IfExists } from '../../../shared/domain/transfer'
import { FerryError } from '../../../shared/errors'
import type { S3Location } from '../../../shared/s3-url'
import type { MoveRecord, MoveView } from '../../journal/move-journal'
import { objectExists, stripQuotes } from '../../s3/head'
import { copyProof } from '../objects/copy-check'
import type { CopyUploadLog } from '../objects/multipart-copy'
import { deleteObject } from '../objects/delete'

/** An object as the listing named it. */
export interface Listed {
  key: string
  etag: string
  size: number
}

export interface CopyDone {
  etag: string
  proof: { ok: true; how: string } | { ok: false; reason: string }
}

/** What a copy tells the set's journal while it runs, so a kill leaves nothing unknown open. */
export interface CopyLog extends CopyUploadLog {
  /** A stream to another connection started as this transfer (its own upload journal). */
  streamStarted(transferId: string): Promise<void>
  /** That transfer finished, or was cancelled: nothing of it is left to cancel. */
  streamSettled(transferId: string): Promise<void>
}

/**
 * Copies one object to its target: server-side, or streamed through Ferry to another
 * connection. A multipart copy tells `log` its upload id while the upload is open, a stream
 * its transfer id until it settles.
 */
export type ObjectCopier = (
  source: S3Location,
  ifMatch: string,
  target: S3Location,
  log?: CopyLog,
) => Promise<CopyDone>

export interface ObjectStep {
  op: 'move' | 'copy'
  bucket: string
  from: S3Client
  to: S3Client
  copier: ObjectCopier
  ifExists: IfExists
  earlier: MoveView | undefined
  record: (r: MoveRecord, durable?: boolean) => Promise<void>
}

export type ObjectResult =
  { kind: 'done'; how: string; earlier: boolean } | { kind: 'skipped'; reason: 'exists' | 'earlier' }

const url = (l: S3Location) => `s3://${l.bucket}/${l.key}`

function existsError(source: S3Location, target: S3Location, op: 'move' | 'copy'): FerryError {
  return new FerryError({
    code: 'destination-exists',
    message: `${url(target)} already exists, so ${url(source)} was not ${op === 'move' ? 'moved' : 'copied'}`,
    fix: 'Add --if-exists overwrite to replace it, or --if-exists skip to leave both where they are.',
  })
}

export async function stepObject(step: ObjectStep, obj: Listed, target: S3Location): Promise<ObjectResult> {
  const source = { bucket: step.bucket, key: obj.key }
  const finish = async (how: string, earlier: boolean): Promise<ObjectResult> => {
    if (step.op === 'move') {
      await deleteObject(step.from, source.bucket, source.key)
      await step.record({ t: 'moved', k: obj.key })
    }
    return { kind: 'done', how, earlier }
  }

  const copiedBefore = step.earlier?.copied.get(obj.key)
  const started = step.earlier?.started.get(obj.key)
  const ours = copiedBefore !== undefined || started?.existed === false
  if (copiedBefore && copiedBefore.etag === obj.etag && step.op === 'copy')
    return { kind: 'skipped', reason: 'earlier' }

  let existed = false
  if (ours || step.ifExists !== 'overwrite') {
    const dest = await objectExists(step.to, target.bucket, target.key)
    if (dest.exists) {
      // An earlier run copied it and was cut short before (or just after) journaling the proof.
      if (copiedBefore?.etag === obj.etag && stripQuotes(dest.head.etag) === copiedBefore.copyEtag)
        return finish('copied by an earlier run', true)
      if (ours && started?.etag === obj.etag) {
        const proof = copyProof(obj, dest.head)
        if (proof.ok) {
          await step.record({ t: 'copied', k: obj.key, e: obj.etag, d: stripQuotes(dest.head.etag) }, true)
          return finish(`copied by an earlier run; ${proof.how}`, true)
        }
      }
      if (!ours) {
        if (step.ifExists === 'fail') throw existsError(source, target, step.op)
        if (step.ifExists === 'skip') return { kind: 'skipped', reason: 'exists' }
        existed = true
      }
    }
  } else existed = true // overwrite: whatever is there goes; a re-run copies again rather than trust it.

  await step.record({
    t: 'start',
    k: obj.key,
    e: obj.etag,
    s: obj.size,
    ...(existed ? { x: true as const } : {}),
  })
  const done = await copyOrRemove(
    step,
    source,
    target,
    existed,
    {
      creating: (at) =>
        step.record({ t: 'upload-create', k: obj.key, b: target.bucket, d: target.key, at }, true),
      notCreated: () => step.record({ t: 'upload-swept', k: obj.key }),
      opened: (u) => step.record({ t: 'upload', k: obj.key, b: target.bucket, d: target.key, u }, true),
      closed: (u) => step.record({ t: 'upload-closed', u }),
      streamStarted: (id) => step.record({ t: 'stream', k: obj.key, id }, true),
      streamSettled: (id) => step.record({ t: 'stream-settled', id }),
    },
    obj.etag,
  )
  if (!done.proof.ok) {
    // Never delete a source whose copy is not proven; never leave an unproven copy of our own.
    if (!existed) await deleteObject(step.to, target.bucket, target.key).catch(() => undefined)
    throw new FerryError({
      code: 'integrity',
      message: `the copy of ${url(source)} at ${url(target)} could not be proven equal to it (${done.proof.reason}); the source was kept`,
      fix: 'Run the command again; if it fails the same way, check the store.',
    })
  }
  await step.record({ t: 'copied', k: obj.key, e: obj.etag, d: done.etag }, true)
  return finish(done.proof.how, false)
}

/**
 * The copy; when it fails, a copy of our own that landed all the same is removed again. A
 * stop or a cancel can race a copy's last request (a stream's CompleteMultipartUpload under way
 * when its cancel comes): the object then exists at the destination, whole but unproven, with
 * no journal record, while its source stays, and it would be there twice. Best effort: a
 * store out of reach keeps it, and the next run finds it ours (`start` journaled) and proves it.
 * Another writer putting that very key meanwhile would lose it, as with a swept create
 * (open-copies.ts): two writers of one key race each other anyway.
 */
async function copyOrRemove(
  step: ObjectStep,
  source: S3Location,
  target: S3Location,
  existed: boolean,
  log: CopyLog,
  ifMatch: string,
): Promise<CopyDone> {
  try {
    return await step.copier(source, ifMatch, target, log)
  } catch (e) {
    if (!existed) {
      const landed = await objectExists(step.to, target.bucket, target.key).catch(() => undefined)
      if (landed?.exists) await deleteObject(step.to, target.bucket, target.key).catch(() => undefined)
    }
    throw e
  }
}
