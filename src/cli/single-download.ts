// `ferry get s3://B/KEY [FILE]`: one object to a file the person named. It runs as a download
// set of one file (core/transfers/download-tree.ts), so it is journaled like a prefix download:
// `ferry transfers` lists it, `ferry resume` and `ferry cancel` take its ID, and the same
// command again continues it. What the terminal shows is the one file's own: its ranges'
// progress, a resume's reused parts, and how the file was verified.
import { plural } from '../shared/plural'
import { basename, dirname, resolve } from 'node:path'
import { planTreeDownload, type TreePlan } from '../main/core/transfers/download-tree-plan'
import {
  runTreeDownload,
  type DownloadQueue,
  type TreeDownloadRequest,
} from '../main/core/transfers/download-tree'
import { journalDirOf, stateDirFrom } from '../main/core/transfers/state-dir'
import { checkTargetFolder } from '../main/core/transfers/target-folder'
import { journalConnection } from '../main/journal/journal'
import { forgetSet, type SetSource } from '../main/journal/download-set-journal'
import { createS3Client } from '../main/s3/client-factory'
import type { DownloadOutcome, DownloadProgress, EngineConnection } from '../shared/engine-protocol'
import { FerryError, type FerryErrorValue } from '../shared/errors'
import { formatBytes } from '../shared/sizes'
import { EXIT_OK, type CommandContext } from './command'
import { verificationJson, writeJson } from './output'
import { openManager } from './open-manager'

function progressLine(p: DownloadProgress, startedAt: number, bytesAtStart: number): string {
  const seconds = (performance.now() - startedAt) / 1000
  const percent = p.size === 0 ? 100 : Math.floor((p.bytesDone / p.size) * 100)
  const speed = seconds > 0 ? (p.bytesDone - bytesAtStart) / seconds : 0
  const eta = speed > 0 ? Math.ceil((p.size - p.bytesDone) / speed) : 0
  return `\r${String(percent).padStart(3)}%  ${formatBytes(p.bytesDone)} of ${formatBytes(p.size)}  ${formatBytes(speed)}/s  ETA ${eta}s   `
}

export interface SingleDownload {
  bucket: string
  key: string
  /** The file to write (a folder was already turned into the file under it). */
  target: string
  request: Omit<TreeDownloadRequest, 'sources' | 'target'>
  connection: EngineConnection
  versionId?: string
}

/** The set of one file: the object, under the name the person gave, in that file's folder. */
async function requestOf(input: SingleDownload): Promise<TreeDownloadRequest> {
  const file = resolve(input.target)
  const source: SetSource = {
    kind: 'object',
    bucket: input.bucket,
    key: input.key,
    as: basename(file),
    ...(input.versionId !== undefined ? { versionId: input.versionId } : {}),
  }
  return {
    ...input.request,
    sources: [source],
    target: await checkTargetFolder(dirname(file), { create: true }),
    connection: input.connection,
  }
}

async function planOne(request: TreeDownloadRequest, connection: EngineConnection): Promise<TreePlan> {
  const client = createS3Client(connection)
  try {
    return await planTreeDownload(client, {
      sources: request.sources,
      target: request.target,
      ...(request.customerKey ? { customerKey: request.customerKey } : {}),
    })
  } finally {
    client.destroy()
  }
}

/** Downloads the one object; returns the exit code, throws the file's error. */
export async function runSingleDownload(ctx: CommandContext, input: SingleDownload): Promise<number> {
  const { stdout, stderr, env } = ctx
  const { bucket, key } = input
  const json = ctx.values['json'] === true
  const tty = (stderr as { isTTY?: boolean }).isTTY === true && !json
  const request = await requestOf(input)
  const plan = await planOne(request, input.connection)
  const source = plan.files[0]!

  // The download runs in the engine, as the app's do; this process follows it.
  const manager = openManager(env)
  // Ctrl-C pauses: the partial file and its journal stay for the next run. A second Ctrl-C kills.
  const stop = new AbortController()
  const onSigint = () => stop.abort()
  process.once('SIGINT', onSigint)
  const journalDir = journalDirOf(stateDirFrom(env))
  const startedAt = performance.now()
  let reused = 0
  let outcome: DownloadOutcome | undefined
  let failure: FerryErrorValue | undefined
  const queue: DownloadQueue = {
    download: (run) =>
      manager
        .download({
          ...run,
          onProgress: (figures) => {
            run.onProgress(figures)
            const p: DownloadProgress = {
              bytesDone: figures.bytesDone,
              size: figures.size,
              partsDone: figures.partsDone,
              partsTotal: figures.partsTotal,
              partsReused: figures.partsReused,
            }
            if (json) writeJson(stdout, { event: 'progress', ...p }, env)
            else if (tty) stderr.write(progressLine(p, startedAt, reused))
          },
          onVerifying: () => {
            run.onVerifying()
            if (json) writeJson(stdout, { event: 'verifying' }, env)
          },
          onNote: (note) => {
            const { kind, ...details } = note
            if (json) writeJson(stdout, { event: kind, ...details }, env)
            if (note.kind === 'resumed') reused = note.bytesReused
            if (json) return
            if (note.kind === 'restarted') stderr.write(`ferry: starting over: ${note.reason}\n`)
            else
              stderr.write(
                `ferry: resuming: ${formatBytes(note.bytesReused)} already here (${plural(note.partsReused, 'part')})\n`,
              )
          },
        })
        .then((o) => (outcome = o)),
    stopDownload: (id) => manager.stopDownload(id),
  }
  try {
    const summary = await runTreeDownload(request, plan, {
      queue,
      journalDir,
      journalConnection: journalConnection(input.connection),
      onEvent: (e) => {
        if (e.kind === 'failed') failure = e.error
      },
      signal: stop.signal,
    })
    if (tty) stderr.write('\r\x1b[K')
    if (summary.interrupted) {
      const why = summary.stoppedBy
      if (!why || why.code === 'paused')
        throw new FerryError({
          code: 'paused',
          message: `the download of s3://${bucket}/${key} stopped; what arrived is kept beside ${source.path}`,
          fix: `Run the same command again, or ferry resume ${summary.setId}, to resume it.`,
        })
      throw new FerryError(why)
    }
    if (failure) {
      // Nothing to resume (the file exists, access denied, ...): the error says it here, and the
      // set is not kept as a failed transfer. One worth retrying stays for ferry resume.
      if (!failure.retryable) await forgetSet(journalDir, summary.setId)
      throw new FerryError(failure)
    }
    const seconds = (performance.now() - startedAt) / 1000
    if (!outcome) {
      // The interrupted run had placed the file, verified, just before it was stopped.
      if (json)
        writeJson(
          stdout,
          {
            event: 'done',
            bucket,
            key,
            path: source.path,
            bytes: source.size,
            etag: source.etag,
            skipped: true,
            reason: 'earlier',
          },
          env,
        )
      else
        stdout.write(`s3://${bucket}/${key} was already written to ${source.path} by the interrupted run\n`)
      return EXIT_OK
    }
    const v = outcome.verification
    if (json) {
      writeJson(
        stdout,
        {
          event: 'done',
          bucket: outcome.bucket,
          key: outcome.key,
          path: outcome.path,
          bytes: outcome.bytes,
          etag: outcome.etag,
          ...verificationJson(v),
          partsDownloaded: outcome.partsDownloaded,
          partsReused: outcome.partsReused,
          skipped: outcome.skipped,
          ...(outcome.restarted ? { restarted: outcome.restarted } : {}),
          seconds: Number(seconds.toFixed(3)),
          id: summary.setId,
        },
        env,
      )
    } else if (outcome.skipped) {
      stdout.write(`skipped s3://${bucket}/${key}: ${outcome.path} already exists\n`)
    } else {
      const rate = seconds > 0 ? ` (${formatBytes(Math.round(outcome.bytes / seconds))}/s)` : ''
      stdout.write(
        `downloaded s3://${bucket}/${key} to ${outcome.path}: ${formatBytes(outcome.bytes)} in ${seconds.toFixed(1)} s${rate}\n`,
      )
      stdout.write(v.verified ? `verified: ${v.detail}\n` : '')
    }
    if (!v.verified && !outcome.skipped)
      stderr.write(`ferry: warning: the download is not verified: ${v.reason}\n`)
    return EXIT_OK
  } finally {
    if (tty) stderr.write('\r\x1b[K')
    process.removeListener('SIGINT', onSigint)
    await manager.close()
  }
}
