import {
  cancellableJournaled,
  cancelSet,
  findJournaled,
  refuseIfHeld,
  setCancelPlan,
  type Journaled,
  type SetCancelled,
} from '../../main/core/transfers/journaled-cancel'
import { cancelMoveSet } from '../../main/core/transfers/move-set-cancel'
import { journalDirOf, stateDirFrom } from '../../main/core/transfers/state-dir'
import type { TransferManager } from '../../main/core/transfers/transfer-manager'
import { setSummary } from '../../main/journal/download-set-summary'
import type { S3Client } from '@aws-sdk/client-s3'
import { createS3Client } from '../../main/s3/client-factory'
import { moveSummary } from '../../main/journal/move-summary'
import { FerryError, toErrorValue } from '../../shared/errors'
import { EXIT_OK, usageError, type CliCommand, type CommandContext } from '../command'
import { jsonOption } from '../common-options'
import { connectionForJournaled, connectionOptions } from '../connection-options'
import { jsonLines, reportError } from '../output'
import { openManager } from '../open-manager'
import { plural } from '../../shared/plural'

type Lines = ReturnType<typeof jsonLines>

/** How one transfer's cancel ended, for the summary. */
type Ended = 'cancelled' | 'failed' | 'finished'

/** What the transfer is, in one phrase: its object, or its source and destination. */
function shownAs(j: Journaled): string {
  if (j.kind === 'upload') return `s3://${j.bucket}/${j.key}`
  const s = j.kind === 'download-set' ? setSummary(j.view) : moveSummary(j.view)
  return j.kind === 'download-set'
    ? `s3://${s.bucket}/${s.key} -> ${s.source}`
    : `${j.view.header.op} ${s.source} -> s3://${s.bucket}/${s.key}`
}

/** Unknown IDs are bad input (exit 2), named with where to find the right ones. */
async function findAsked(journalDir: string, id: string): Promise<Journaled> {
  try {
    return await findJournaled(journalDir, id)
  } catch (e) {
    if (e instanceof FerryError && e.code === 'not-found')
      throw new FerryError({ ...e.toValue(), code: 'bad-input' })
    throw e
  }
}

/**
 * Cancels one upload through the transfer scheduler, as the app's Cancel does; resolves with
 * what the text and JSON lines say, throws the cancel's error (the store out of reach...).
 */
async function cancelUpload(
  manager: TransferManager,
  j: Extract<Journaled, { kind: 'upload' }>,
  ctx: CommandContext,
): Promise<string> {
  // The journal says where the store is; the flags and the environment supply the credentials.
  const connection = j.uploadId
    ? connectionForJournaled(command, j.id, manager.journalConnection(j.id), ctx.values, ctx.env)
    : undefined
  const forgotten = j.journal.endsWith('.journal') ? 'journal deleted' : 'forgotten in its batch journal'
  manager.cancel(j.id, connection ? { connection } : {})
  // Cancelled earlier with its journal left behind: the scheduler forgot it at once.
  if (!manager.get(j.id)) return forgotten
  const { summary } = await manager.waitFor(j.id)
  if (summary.state === 'cancelled')
    return `${j.uploadId ? 'multipart upload aborted' : 'nothing was stored yet'}, ${forgotten}`
  if (summary.error) throw FerryError.fromValue(summary.error)
  throw new FerryError({
    code: 'internal',
    message: `the cancel of ${shownAs(j)} ended ${summary.state}`,
    fix: 'Run ferry transfers to see it, then ferry cancel again.',
  })
}

function setResult(j: Extract<Journaled, { kind: 'download-set' | 'move-set' }>, done: SetDone): string {
  const { removed, kept, copiedOnly } = done
  if (j.kind === 'download-set')
    return `${plural(removed.length - 1, 'partial file')} removed, ${plural(kept, 'finished file')} kept`
  const aborted = done.aborts?.length ?? 0
  const touched = [
    ...(aborted > 0 ? [`${plural(aborted, 'open multipart upload')} aborted`] : []),
    ...(done.streams.length > 0 ? [`${plural(done.streams.length, 'unfinished stream')} cancelled`] : []),
  ]
  const untouched =
    touched.length > 0
      ? `${touched.join(', ')}, nothing else on the store touched`
      : 'nothing on the store touched'
  if (j.view.header.op === 'copy') return `stopped; ${kept} copied, ${untouched}`
  return `stopped; ${kept} moved, ${copiedOnly ?? 0} copied with the source kept, ${untouched}`
}

/** --dry-run: what a cancel would abort and remove; nothing is sent or deleted. */
function printPlan(j: Journaled, ctx: CommandContext, out: Lines): void {
  const json = ctx.values['json'] === true
  if (j.kind === 'upload') {
    const abort = j.uploadId ? { bucket: j.bucket, key: j.key, uploadId: j.uploadId } : undefined
    // A small file of a folder is one record in a batch journal that others share: forgotten there.
    const own = j.journal.endsWith('.journal')
    if (json)
      out.write({
        event: 'plan',
        id: j.id,
        kind: j.kind,
        ...(abort ? { abort } : {}),
        remove: own ? [j.journal] : [],
        ...(own ? {} : { forgetIn: j.journal }),
      })
    else {
      if (abort) ctx.stdout.write(`would abort the multipart upload ${abort.uploadId} of ${shownAs(j)}\n`)
      ctx.stdout.write(own ? `would delete ${j.journal}\n` : `would forget ${j.id} in ${j.journal}\n`)
    }
    return
  }
  const plan = setCancelPlan(j)
  const aborts = (plan.aborts ?? []).map((u) => ({ bucket: u.bucket, key: u.key, uploadId: u.uploadId }))
  const streams =
    j.kind === 'move-set'
      ? [...j.view.openStreams].map(
          ([id, key]) => [id, `s3://${j.view.header.source.bucket}/${key}`] as const,
        )
      : []
  if (json)
    out.write({
      event: 'plan',
      id: j.id,
      kind: j.kind,
      ...(aborts.length > 0 ? { abort: aborts } : {}),
      ...(plan.sweeps
        ? { sweep: plan.sweeps.map((c) => ({ bucket: c.bucket, key: c.key, since: c.at })) }
        : {}),
      ...(streams.length > 0 ? { cancel: streams.map(([id]) => id) } : {}),
      remove: plan.removed,
      kept: plan.kept,
    })
  else {
    for (const u of aborts)
      ctx.stdout.write(`would abort the multipart upload ${u.uploadId} of s3://${u.bucket}/${u.key}\n`)
    for (const c of plan.sweeps ?? [])
      ctx.stdout.write(
        `would abort the multipart uploads of s3://${c.bucket}/${c.key} started since ${new Date(c.at).toISOString()}\n`,
      )
    for (const [id, url] of streams) ctx.stdout.write(`would cancel ${id}, the unfinished stream of ${url}\n`)
    for (const path of plan.removed) ctx.stdout.write(`would delete ${path}\n`)
    ctx.stdout.write(
      j.kind === 'download-set'
        ? `would keep ${plural(plan.kept, 'finished file')}\n`
        : `would touch nothing ${aborts.length + streams.length + (plan.sweeps?.length ?? 0) > 0 ? 'else ' : ''}on the store\n`,
    )
  }
}

/** A set's cancel, with the streams to another connection it cancelled along (their ids). */
type SetDone = SetCancelled & { streams: string[] }

/**
 * A set: a prefix download's partial files go; a move or copy set is cancelled as the app
 * cancels one (move-set-cancel.ts), its streams each cancelled as an upload here and its open
 * copies aborted on the store its journal names (the flags and the environment supply the
 * credentials).
 */
async function cancelMoveOrDownloadSet(
  j: Extract<Journaled, { kind: 'download-set' | 'move-set' }>,
  ctx: CommandContext,
  manager: () => TransferManager,
): Promise<SetDone> {
  if (j.kind === 'download-set') return { ...(await cancelSet(j)), streams: [] }
  const journalDir = journalDirOf(stateDirFrom(ctx.env))
  const h = j.view.header
  let client: S3Client | undefined
  try {
    return await cancelMoveSet(j, {
      journalDir,
      cancelStream: async (id) => {
        const stream = await findJournaled(journalDir, id).catch((e: unknown) => {
          if (e instanceof FerryError && e.code === 'not-found') return undefined
          throw e
        })
        // Settled without its record reaching the disk, or cancelled on its own already.
        if (stream?.kind !== 'upload' || stream.state === 'done') return false
        refuseIfHeld(stream)
        await cancelUpload(manager(), stream, ctx)
        return true
      },
      client: () =>
        (client = createS3Client(
          connectionForJournaled(command, j.id, h.to ?? h.connection, ctx.values, ctx.env),
        )),
    })
  } finally {
    client?.destroy()
  }
}

/** One transfer: cancelled, or nothing to cancel; throws what stopped its cancel. */
async function cancelOne(
  j: Journaled,
  ctx: CommandContext,
  out: Lines,
  manager: () => TransferManager,
): Promise<Ended> {
  const json = ctx.values['json'] === true
  if (j.state === 'done') {
    if (json) out.write({ event: 'finished', id: j.id, kind: j.kind })
    else ctx.stdout.write(`nothing to cancel: ${j.id} (${shownAs(j)}) already finished\n`)
    return 'finished'
  }
  refuseIfHeld(j)
  if (ctx.values['dry-run'] === true) {
    printPlan(j, ctx, out)
    return 'cancelled'
  }
  let detail: string
  let figures: Record<string, unknown> = {}
  if (j.kind === 'upload') detail = await cancelUpload(manager(), j, ctx)
  else {
    const done = await cancelMoveOrDownloadSet(j, ctx, manager)
    detail = setResult(j, done)
    figures = {
      removed: done.removed,
      kept: done.kept,
      ...(done.copiedOnly !== undefined ? { copiedOnly: done.copiedOnly } : {}),
      ...(done.aborts ? { aborted: done.aborts.map((u) => u.uploadId) } : {}),
      ...(done.streams.length > 0 ? { streams: done.streams } : {}),
    }
  }
  if (json)
    out.write({
      event: 'cancelled',
      id: j.id,
      kind: j.kind,
      ...(j.kind === 'upload' ? { bucket: j.bucket, key: j.key, aborted: j.uploadId !== undefined } : {}),
      ...figures,
    })
  else ctx.stdout.write(`cancelled ${j.id}: ${shownAs(j)} (${detail})\n`)
  return 'cancelled'
}

export const command: CliCommand = {
  name: 'cancel',
  summary: 'Cancel paused, failed or interrupted transfers: abort their uploads, remove partial files',
  synopsis: ['ferry cancel ID [ID...]', 'ferry cancel --all'],
  description:
    'Gives up on journaled transfers that did not finish (ferry transfers lists them with their ' +
    'IDs). An upload: its multipart upload is aborted on the store, then its journal deleted. ' +
    'A download (of one object or a prefix): its partial files and its journal are deleted; the ' +
    'files it already finished stay (each is whole and verified). A move or copy of many objects ' +
    'stops: the multipart copies it left open are aborted and its unfinished streams to another ' +
    'connection cancelled, then its journal is deleted; nothing else on the store is touched, so ' +
    'objects moved stay moved and a copy whose source was not deleted yet stays beside it. A ' +
    'transfer another running ' +
    'Ferry process owns is refused. When the store cannot be reached the journal stays, marked ' +
    'so that nothing resumes the transfer by itself; cancel it again later. The journal says ' +
    'where the store is; the connection options supply only credentials.',
  options: {
    all: {
      type: 'boolean',
      help: 'Cancel every transfer journaled on this computer that did not finish and that no running process owns.',
    },
    'dry-run': { type: 'boolean', help: 'List what would be aborted and deleted; change nothing.' },
    json: jsonOption,
    ...connectionOptions,
  },
  examples: [
    { command: 'ferry cancel mfx8k2a1-7f3a9c2e', meaning: 'Cancel one transfer listed by ferry transfers.' },
    {
      command: 'ferry cancel --all --dry-run',
      meaning: 'See what cancelling everything unfinished would remove.',
    },
  ],
  async run(ctx) {
    const { positionals, values, env } = ctx
    const all = values['all'] === true
    if (all ? positionals.length > 0 : positionals.length === 0)
      throw usageError(command, 'name one or more transfer IDs, or --all')
    const journalDir = journalDirOf(stateDirFrom(env))
    // Every ID is found before anything is touched: a typo cancels nothing.
    const targets = all
      ? await cancellableJournaled(journalDir)
      : await Promise.all([...new Set(positionals)].map((id) => findAsked(journalDir, id)))
    const json = values['json'] === true
    const out = jsonLines(ctx.stdout, env)
    const tally: Record<Ended, number> = { cancelled: 0, failed: 0, finished: 0 }
    let code = EXIT_OK
    let manager: TransferManager | undefined
    try {
      for (const j of targets) {
        try {
          tally[await cancelOne(j, ctx, out, () => (manager ??= openManager(env)))]++
        } catch (e) {
          tally.failed++
          if (json) out.write({ event: 'failed', id: j.id, kind: j.kind, error: toErrorValue(e) })
          out.flush()
          code = Math.max(code, reportError(e, ctx.stderr, env))
        }
      }
    } finally {
      await manager?.close()
    }
    const dryRun = values['dry-run'] === true
    const { cancelled, ...rest } = tally
    if (json)
      out.write({
        event: 'summary',
        ...(dryRun ? { dryRun, wouldCancel: cancelled } : { cancelled }),
        ...rest,
      })
    else if (targets.length === 0) ctx.stderr.write('ferry: nothing to cancel.\n')
    else if (targets.length > 1 || dryRun) {
      const counts = `failed ${rest.failed}, already finished ${rest.finished}`
      ctx.stdout.write(
        dryRun
          ? `dry run: would cancel ${cancelled}, ${counts}; nothing was changed\n`
          : `cancelled ${cancelled}, ${counts}\n`,
      )
    }
    out.flush()
    return code
  },
}
