import {
  TransferManager,
  type TransferResult,
  type UploadInput,
} from '../../main/core/transfers/transfer-manager'
import { ifExistsSchema, type TransferSummary, type UploadHeaders } from '../../shared/domain/transfer'
import { badInput, FerryError } from '../../shared/errors'
import { parseS3Url } from '../../shared/s3-url'
import { DEFAULT_MULTIPART_THRESHOLD } from '../../shared/s3-limits'
import { formatBytes, parseSize } from '../../shared/sizes'
import { EXIT_FAILED, EXIT_OK, usageError, type CliCommand, type CommandContext } from '../command'
import {
  cacheControlOption,
  contentDispositionOption,
  contentTypeOption,
  ifExistsOption,
  jsonOption,
  sizeText,
  storageClassOption,
} from '../common-options'
import { connectionFrom, connectionOptions } from '../connection-options'
import { openManager } from '../open-manager'
import { jsonLines, redact, verificationJson } from '../output'
import { protectionFrom, protectionOptions } from '../protection-options'
import {
  concurrencyOption,
  maxRateOption,
  parseConcurrency,
  parseMaxRate,
  parseTransfers,
  partSizeOption,
  transfersOption,
} from '../transfer-options'

// --- progress and results on the terminal ---

const BAR_WIDTH = 24

function progressLine(all: TransferSummary[]): string {
  const size = all.reduce((n, s) => n + s.size, 0)
  const done = all.reduce((n, s) => n + s.bytesDone, 0)
  const speed = all.reduce((n, s) => n + (s.state === 'uploading' ? s.speed : 0), 0)
  const finished = all.filter((s) => s.state === 'done').length
  const fraction = size > 0 ? done / size : finished / Math.max(1, all.length)
  const filled = Math.round(fraction * BAR_WIDTH)
  const eta = speed > 0 ? Math.ceil((size - done) / speed) : undefined
  const parts = [
    `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`,
    `${(fraction * 100).toFixed(0).padStart(3)}%`,
    `${formatBytes(done)}/${formatBytes(size)}`,
    speed > 0 ? `${formatBytes(speed)}/s` : '',
    eta !== undefined ? `${eta}s left` : '',
    all.length > 1 ? `${finished}/${all.length} files` : (all[0]?.state ?? ''),
  ]
  return parts.filter(Boolean).join('  ')
}

function resultLine(r: TransferResult): string {
  const s = r.summary
  const where = `s3://${s.bucket}/${s.key}`
  if (r.outcome?.skipped) return `skipped  ${where}  (it exists; kept)`
  const v = s.verification
  const sc = r.outcome?.sourceCheck
  const source = sc?.compared && sc.match ? ` + source ${sc.algorithm.toUpperCase()} (${sc.from})` : ''
  const check = v
    ? v.verified
      ? `verified (${v.method}${source})`
      : `NOT verified (${v.method}): ${v.reason}`
    : ''
  const reused = s.partsReused > 0 ? `, ${s.partsReused} reused` : ''
  return `uploaded  ${s.source} -> ${where}  ${formatBytes(s.size)}  ${s.partsDone} part${s.partsDone === 1 ? '' : 's'}${reused}  ${check}`
}

function summaryJson(r: TransferResult): Record<string, unknown> {
  const s = r.summary
  const o = r.outcome
  return {
    event: 'summary',
    id: s.id,
    state: s.state,
    source: s.source,
    bucket: s.bucket,
    key: s.key,
    bytes: o?.bytes ?? s.size,
    etag: o?.etag ?? s.etag ?? '',
    ...verificationJson(s.verification),
    partsUploaded: o?.partsUploaded ?? 0,
    partsReused: o?.partsReused ?? s.partsReused,
    skipped: o?.skipped ?? false,
    ...(o?.sourceCheck ? { sourceCheck: o.sourceCheck } : {}),
    ...(s.error ? { error: s.error } : {}),
  }
}

/**
 * Shows transfers until each run ends: a progress bar on a terminal's stderr, JSON lines on
 * stdout with --json, a result line per file otherwise. Ctrl-C pauses (the journals keep
 * the transfers resumable); a second Ctrl-C quits at once.
 */
export async function followTransfers(
  manager: TransferManager,
  ids: string[],
  ctx: CommandContext,
): Promise<number> {
  const json = ctx.values['json'] === true
  const tty = !json && (ctx.stderr as NodeJS.WriteStream).isTTY === true
  const latest = new Map<string, TransferSummary>()
  for (const id of ids) {
    const s = manager.get(id)
    if (s) latest.set(id, s)
  }
  const lastState = new Map<string, string>()
  const seenNotes = new Map<string, number>()
  const lines = jsonLines(ctx.stdout, ctx.env)
  if (json) {
    for (const s of latest.values())
      lines.write({ event: 'queued', id: s.id, source: s.source, bucket: s.bucket, key: s.key, size: s.size })
  }
  const render = () => {
    if (tty) ctx.stderr.write(`\r\x1b[2K${progressLine([...latest.values()])}`)
  }
  const off = manager.onChanged((batch) => {
    for (const s of batch) {
      if (!latest.has(s.id)) continue
      latest.set(s.id, s)
      if (json) {
        if (lastState.get(s.id) !== s.state) {
          lastState.set(s.id, s.state)
          lines.write({ event: 'state', id: s.id, state: s.state })
        }
        lines.write({
          event: 'progress',
          id: s.id,
          bytesDone: s.bytesDone,
          size: s.size,
          partsDone: s.partsDone,
          partsTotal: s.partsTotal,
          partsReused: s.partsReused,
          speed: s.speed,
        })
      }
    }
    render()
  })

  let interrupted = 0
  const onSigint = () => {
    interrupted++
    if (interrupted > 1) {
      lines.flush()
      process.exit(130)
    }
    if (tty) ctx.stderr.write('\n')
    ctx.stderr.write('ferry: pausing (Ctrl-C again to quit at once)...\n')
    for (const id of ids) manager.pause(id)
  }
  process.on('SIGINT', onSigint)

  let exit = EXIT_OK
  try {
    await Promise.all(
      ids.map(async (id) => {
        const result = await manager.waitFor(id)
        latest.set(id, result.summary)
        if (tty) ctx.stderr.write('\r\x1b[2K')
        const from = seenNotes.get(id) ?? 0
        for (const note of result.notes.slice(from)) {
          if (json) lines.write({ event: 'note', id, code: note.code, message: note.message })
          else ctx.stderr.write(redact(`ferry: note: ${note.message}\n`, ctx.env))
        }
        seenNotes.set(id, result.notes.length)
        const s = result.summary
        if (json) lines.write(summaryJson(result))
        if (s.state === 'done') {
          // Done but unverifiable (an opaque ETag) is still done; a mismatch arrives as 'failed'.
          if (!json) ctx.stdout.write(redact(`${resultLine(result)}\n`, ctx.env))
          return
        }
        exit = EXIT_FAILED
        if (json) return
        if (s.state === 'paused')
          ctx.stderr.write(
            `ferry: ${s.source} paused. Fix: run ferry resume ${id} to continue it, or ferry cancel ${id} to give it up.\n`,
          )
        else if (s.state === 'cancelled') ctx.stderr.write(`ferry: ${s.source} was cancelled.\n`)
        else if (s.error) {
          const resumable = s.error.retryable ? ` (then ferry resume ${id})` : ''
          ctx.stderr.write(
            redact(`ferry: ${s.source}: ${s.error.message}. Fix: ${s.error.fix}${resumable}\n`, ctx.env),
          )
        }
        render()
      }),
    )
  } finally {
    off()
    lines.flush()
    process.off('SIGINT', onSigint)
    if (tty) ctx.stderr.write('\r\x1b[2K')
  }
  return exit
}

// --- the command ---

/** --dry-run: every check of a real upload, then the files and keys it would send; no request. */
async function dryRun(manager: TransferManager, input: UploadInput, ctx: CommandContext): Promise<number> {
  const { files } = await manager.plan(input).catch((e: unknown) => {
    throw asUsageError(e)
  })
  const json = ctx.values['json'] === true
  const lines = jsonLines(ctx.stdout, ctx.env)
  let bytes = 0
  for (const f of files) {
    bytes += f.size
    if (json)
      lines.write({ event: 'planned', source: f.source, bucket: input.bucket, key: f.key, size: f.size })
    else
      ctx.stdout.write(
        redact(
          `would upload  ${f.source} -> s3://${input.bucket}/${f.key}  ${formatBytes(f.size)}\n`,
          ctx.env,
        ),
      )
  }
  lines.flush()
  if (!json)
    ctx.stdout.write(
      `dry run: ${files.length} file${files.length === 1 ? '' : 's'}, ${formatBytes(bytes)}; nothing was uploaded\n`,
    )
  return EXIT_OK
}

/** A path that is not there is bad input (exit 2), found before any request. */
function asUsageError(e: unknown): unknown {
  if (e instanceof FerryError && (e.code === 'source-missing' || e.code === 'source-not-a-file'))
    return badInput(e.message, e.fix)
  return e
}

export function parseMeta(
  values: unknown,
  usage: Pick<CliCommand, 'name' | 'synopsis'> = command,
): Record<string, string> {
  const metadata: Record<string, string> = {}
  for (const pair of Array.isArray(values) ? (values as string[]) : []) {
    const eq = pair.indexOf('=')
    if (eq <= 0) throw usageError(usage, `--meta "${pair}" is not KEY=VALUE`)
    metadata[pair.slice(0, eq)] = pair.slice(eq + 1)
  }
  return metadata
}

export const command: CliCommand = {
  name: 'upload',
  summary: 'Upload files or folders: parallel, resumable, verified',
  synopsis: ['ferry upload PATH... s3://BUCKET[/PREFIX/ | /KEY]'],
  description:
    'Uploads files, and folders with everything in them, to a bucket. A destination ending in "/" ' +
    'is a folder: each file keeps its name (and its path inside the folders given). One file and ' +
    'a destination without a trailing "/" lands on exactly that key. Large files go in parallel ' +
    'parts, each checked by the store on arrival; every transfer is journaled, so an upload ' +
    'stopped by Ctrl-C, a crash or a lost network resumes with ferry resume; and every finished ' +
    'object is compared with its file before Ferry calls it done.',
  options: {
    'part-size': partSizeOption,
    'multipart-threshold': {
      type: 'string',
      value: 'SIZE',
      help: 'Files smaller than this go in one request; larger ones in parts.',
      byDefault: `${sizeText(DEFAULT_MULTIPART_THRESHOLD)}, kept between one part and concurrency x part size`,
    },
    concurrency: concurrencyOption,
    ...transfersOption,
    'max-rate': maxRateOption(
      'Limit the upload, all files together, to this many bytes per second, e.g. 10MiB.',
    ),
    meta: {
      type: 'string',
      multiple: true,
      value: 'KEY=VALUE',
      help: 'User metadata, stored as x-amz-meta-KEY.',
    },
    'content-type': { ...contentTypeOption, byDefault: "guessed from the file name's extension" },
    'cache-control': cacheControlOption,
    'content-disposition': contentDispositionOption,
    'storage-class': storageClassOption,
    ...protectionOptions,
    'if-exists': ifExistsOption,
    exclude: {
      type: 'string',
      multiple: true,
      value: 'PATTERN',
      help:
        'Leave out files and folders inside the folders given, read as a .gitignore line: ' +
        '"*.tmp" or "node_modules" match a name at any depth, "build/**" a path from the folder. ' +
        'Files named on the command line are always uploaded.',
    },
    'dry-run': {
      type: 'boolean',
      help: 'Make every check of a real upload, then list the files and keys it would send; send nothing.',
    },
    json: jsonOption,
    ...connectionOptions,
  },
  examples: [
    {
      command: 'ferry upload ./photos/ s3://my-bucket/photos/ --exclude .DS_Store',
      meaning: 'Upload a folder; its files become photos/NAME, without the .DS_Store files.',
    },
    {
      command: 'ferry upload backup.tar s3://my-bucket/backups/2024.tar --part-size 64MiB --json',
      meaning: 'Upload one file to that exact key in 64 MiB parts, reporting JSON lines.',
    },
    {
      command: 'ferry upload report.pdf s3://my-bucket/ --sse aws:kms --sse-kms-key-id k1 --tagging team=ops',
      meaning: 'Upload encrypted with a KMS key, tagged team=ops.',
    },
  ],
  async run(ctx) {
    const { positionals, values, env } = ctx
    if (positionals.length < 2)
      throw usageError(command, 'upload needs at least one PATH and an s3:// destination')
    const destination = positionals.at(-1)!
    const paths = positionals.slice(0, -1)
    if (paths.some((p) => p.startsWith('s3://')))
      throw usageError(command, 'the s3:// destination comes last, after the local paths')
    const { bucket, key } = parseS3Url(destination)
    const ifExists = ifExistsSchema.safeParse(values['if-exists'] ?? 'fail')
    if (!ifExists.success)
      throw usageError(
        command,
        `--if-exists must be fail, overwrite or skip, not "${String(values['if-exists'])}"`,
      )
    const headers: UploadHeaders = { metadata: parseMeta(values['meta']) }
    const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined)
    if (str('content-type')) headers.contentType = str('content-type')!
    if (str('cache-control')) headers.cacheControl = str('cache-control')!
    if (str('content-disposition')) headers.contentDisposition = str('content-disposition')!
    if (str('storage-class')) headers.storageClass = str('storage-class')!
    const protection = await protectionFrom(values)

    const input: UploadInput = {
      connection: connectionFrom(values, env),
      bucket,
      paths,
      headers: { ...headers, ...protection.headers },
      ifExists: ifExists.data,
      ...(protection.customerKey ? { customerKey: protection.customerKey } : {}),
    }
    // A key ending in "/" (or none) is a folder; otherwise one file lands on exactly that key.
    if (key === '' || key.endsWith('/')) input.prefix = key
    else if (paths.length === 1) input.key = key
    else input.prefix = `${key}/`
    if (str('part-size')) input.partSize = parseSize(str('part-size')!, '--part-size')
    if (str('multipart-threshold'))
      input.multipartThreshold = parseSize(str('multipart-threshold')!, '--multipart-threshold')
    const concurrency = parseConcurrency(command, values['concurrency'])
    if (concurrency !== undefined) input.concurrency = concurrency
    const maxRate = parseMaxRate(values['max-rate'])
    if (maxRate !== undefined) input.maxBytesPerSecond = maxRate
    const exclude = values['exclude']
    if (Array.isArray(exclude) && exclude.length > 0) input.exclude = exclude.map(String)

    const manager = openManager(env, parseTransfers(command, values['transfers']))
    try {
      if (values['dry-run'] === true) return await dryRun(manager, input, ctx)
      let started
      try {
        started = await manager.upload(input)
      } catch (e) {
        throw asUsageError(e)
      }
      return await followTransfers(
        manager,
        started.map((s) => s.id),
        ctx,
      )
    } finally {
      await manager.close()
    }
  },
}
