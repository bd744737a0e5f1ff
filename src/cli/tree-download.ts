// `ferry get` of prefixes and several objects into a folder, and the same set continued by
// `ferry resume`: the terminal's side of core/transfers/download-tree.ts.
import { existsSync } from 'node:fs'
import { relative } from 'node:path'
import { createS3Client } from '../main/s3/client-factory'
import { planTreeDownload, type TreePlan } from '../main/core/transfers/download-tree-plan'
import {
  interruptedError,
  runTreeDownload,
  type TreeDownloadRequest,
  type TreeEvent,
  type TreeSummary,
} from '../main/core/transfers/download-tree'
import { journalDirOf, stateDirFrom } from '../main/core/transfers/state-dir'
import { checkTargetFolder } from '../main/core/transfers/target-folder'
import { journalConnection } from '../main/journal/journal'
import type { SetSource } from '../main/journal/download-set-journal'
import type { EngineConnection } from '../shared/engine-protocol'
import type { FerryErrorValue } from '../shared/errors'
import { resolveLocation } from '../main/core/objects/location'
import { formatBytes } from '../shared/sizes'
import { plural } from '../shared/plural'
import { EXIT_FAILED, EXIT_OK, type CommandContext } from './command'
import { jsonLines, redact } from './output'
import { openManager } from './open-manager'

/** A source as given: ends in "/" (or --recursive): a prefix; else one object. */
export function treeSource(text: string, recursive: boolean, defaultBucket?: string): SetSource {
  const { bucket, key } = resolveLocation(text, defaultBucket)
  if (key === '' || key.endsWith('/')) return { kind: 'prefix', bucket, prefix: key }
  // aws s3 cp --recursive s3://B/photos and rclone copy read a bare name as the folder.
  if (recursive) return { kind: 'prefix', bucket, prefix: `${key}/` }
  return { kind: 'object', bucket, key }
}

const url = (bucket: string, key: string) => `s3://${bucket}/${key}`
const shown = (path: string) => relative(process.cwd(), path) || '.'
const errorLine = (e: FerryErrorValue) => `${e.message}. Fix: ${e.fix}`

function printPlan(ctx: CommandContext, plan: TreePlan, ifExists: string): number {
  const json = ctx.values['json'] === true
  const out = jsonLines(ctx.stdout, ctx.env)
  let existing = 0
  for (const f of plan.files) {
    const exists = existsSync(f.path)
    if (exists) existing++
    if (json) out.write({ event: 'plan', bucket: f.bucket, key: f.key, path: f.path, size: f.size, exists })
    else
      ctx.stdout.write(
        `would write ${url(f.bucket, f.key)} -> ${shown(f.path)} (${formatBytes(f.size)})${exists ? ` [exists: ${ifExists}]` : ''}\n`,
      )
  }
  for (const r of plan.rejected) {
    if (json) out.write({ event: 'rejected', bucket: r.bucket, key: r.key, error: r.error.toValue() })
    else ctx.stdout.write(`would refuse ${url(r.bucket, r.key)}: ${errorLine(r.error.toValue())}\n`)
  }
  const figures = {
    files: plan.files.length,
    bytes: plan.bytes,
    existing,
    rejected: plan.rejected.length,
    excluded: plan.excluded.length,
  }
  if (json) out.write({ event: 'summary', dryRun: true, ...figures })
  else
    ctx.stdout.write(
      `dry run: ${plural(figures.files, 'file')} (${formatBytes(figures.bytes)}) into ${shown(plan.target)}, ` +
        `${figures.existing} already there, ${figures.rejected} refused, ${figures.excluded} left out by filters; nothing was written\n`,
    )
  out.flush()
  return EXIT_OK
}

export interface TreeRunInput {
  request: TreeDownloadRequest
  connection: EngineConnection
  transfers?: number
  dryRun?: boolean
}

/** Plans, then runs (or prints) a tree download; returns the exit code. */
export async function runTreeCommand(ctx: CommandContext, input: TreeRunInput): Promise<number> {
  const { request, connection } = input
  const json = ctx.values['json'] === true
  const target = await checkTargetFolder(request.target, { create: input.dryRun !== true })
  const client = createS3Client(connection)
  let plan: TreePlan
  try {
    plan = await planTreeDownload(client, {
      sources: request.sources,
      target,
      ...(request.rules ? { rules: request.rules } : {}),
    })
  } finally {
    client.destroy()
  }
  if (input.dryRun) return printPlan(ctx, plan, request.ifExists ?? 'fail')

  const out = jsonLines(ctx.stdout, ctx.env)
  const tty = (ctx.stderr as { isTTY?: boolean }).isTTY === true && !json
  const stop = new AbortController()
  const onSigint = () => stop.abort()
  process.once('SIGINT', onSigint)
  let lastProgress = 0
  const onEvent = (e: TreeEvent) => {
    if (e.kind === 'progress') {
      const now = performance.now()
      if (now - lastProgress < 500 && e.filesDone < e.filesTotal) return
      lastProgress = now
      const { kind, ...figures } = e
      if (json) out.write({ event: kind, ...figures })
      else if (tty)
        ctx.stderr.write(
          `\r${e.filesDone}/${e.filesTotal} files  ${formatBytes(e.bytesDone)} of ${formatBytes(e.bytesTotal)}   `,
        )
      return
    }
    if (json) {
      const { kind, ...rest } = e
      out.write({ event: kind, ...rest })
      return
    }
    if (tty) ctx.stderr.write('\r\x1b[K')
    if (e.kind === 'done') ctx.stdout.write(`downloaded ${url(e.bucket, e.key)} -> ${shown(e.path)}\n`)
    else if (e.kind === 'skipped')
      ctx.stdout.write(
        `skipped ${url(e.bucket, e.key)}: ${e.reason === 'earlier' ? 'already written by the interrupted run' : `${shown(e.path)} exists`}\n`,
      )
    else if (e.kind === 'failed' || e.kind === 'rejected')
      ctx.stderr.write(redact(`ferry: ${url(e.bucket, e.key)}: ${errorLine(e.error)}`, ctx.env) + '\n')
  }
  const manager = openManager(ctx.env, input.transfers)
  let summary: TreeSummary
  try {
    summary = await runTreeDownload(request, plan, {
      queue: manager,
      journalDir: journalDirOf(stateDirFrom(ctx.env)),
      journalConnection: journalConnection(connection),
      onEvent,
      signal: stop.signal,
      // Enough queued that the scheduler always has the next file at hand.
      window: Math.max(64, 2 * (input.transfers ?? 0)),
    })
  } finally {
    process.removeListener('SIGINT', onSigint)
    if (tty) ctx.stderr.write('\r\x1b[K')
    await manager.close()
  }
  const { setId, interrupted, ...figures } = summary
  delete figures.stoppedBy
  if (json) out.write({ event: 'summary', setId, ...figures, ...(interrupted ? { interrupted } : {}) })
  else
    ctx.stdout.write(
      `${plural(figures.files, 'file')} downloaded (${formatBytes(figures.bytes)}), ${figures.skipped} skipped, ` +
        `${figures.failed} failed, ${figures.rejected} refused, ${figures.excluded} left out by filters\n`,
    )
  out.flush()
  if (interrupted) throw interruptedError(summary)
  return figures.failed > 0 || figures.rejected > 0 ? EXIT_FAILED : EXIT_OK
}
