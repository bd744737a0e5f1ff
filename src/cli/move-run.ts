// The terminal's side of a journaled move or copy set (core/transfers/move-set.ts): `ferry mv`,
// `ferry cp` of a prefix or to another connection, and `ferry resume` of one cut short.
import { plural } from '../shared/plural'
import {
  interruptedMoveError,
  runMoveSet,
  serverSideCopier,
  type MoveEvent,
  type MoveSetInput,
  type ObjectCopier,
} from '../main/core/transfers/move-set'
import { journalDirOf, stateDirFrom } from '../main/core/transfers/state-dir'
import { withEncryptedFallback } from '../main/core/transfers/encrypted-fallback'
import { cancelStream } from '../main/core/transfers/open-copies'
import { streamCopier } from '../main/core/transfers/stream-copy'
import type { TransferManager } from '../main/core/transfers/transfer-manager'
import { journalConnection } from '../main/journal/journal'
import { createS3Client } from '../main/s3/client-factory'
import type { EngineConnection } from '../shared/engine-protocol'
import { formatS3Url } from '../shared/s3-url'
import { formatBytes } from '../shared/sizes'
import { EXIT_FAILED, EXIT_OK, type CommandContext } from './command'
import { openManager } from './open-manager'
import { jsonLines, redact } from './output'
import { sameStore } from './to-connection'

export interface MoveRunInput extends MoveSetInput {
  connection: EngineConnection
  /** The destination's connection when it is another one (cp --to-profile/--to-endpoint). */
  toConnection?: EngineConnection
  transfers?: number
}

/** Runs the set and prints each object and a summary; returns the exit code. */
export async function runMoveCommand(ctx: CommandContext, input: MoveRunInput): Promise<number> {
  const json = ctx.values['json'] === true
  const out = jsonLines(ctx.stdout, ctx.env)
  const tty = (ctx.stderr as { isTTY?: boolean }).isTTY === true && !json
  const verb = input.op === 'move' ? 'moved' : 'copied'
  const stop = new AbortController()
  const onSigint = () => stop.abort()
  process.once('SIGINT', onSigint)
  const onEvent = (e: MoveEvent) => {
    if (e.kind === 'progress') {
      if (tty) ctx.stderr.write(`\r${plural(e.objectsDone, 'object')}, ${formatBytes(e.bytesDone)}   `)
      return
    }
    // The app's panel reads these; the terminal says the same with its progress line.
    if (e.kind === 'opened' || e.kind === 'listed') return
    if (json) {
      const { kind, source, target, ...rest } = e
      out.write({ event: kind, source: formatS3Url(source), target: formatS3Url(target), ...rest })
      return
    }
    if (tty) ctx.stderr.write('\r\x1b[K')
    const pair = `${formatS3Url(e.source)} -> ${formatS3Url(e.target)}`
    if (e.kind === 'done')
      ctx.stdout.write(`${verb} ${pair}${e.earlier ? ' (finished an interrupted run)' : ''}\n`)
    else if (e.kind === 'skipped')
      ctx.stdout.write(
        `skipped ${pair}: ${e.reason === 'earlier' ? 'done by the interrupted run' : 'the destination exists'}\n`,
      )
    else ctx.stderr.write(redact(`ferry: ${e.error.message}. Fix: ${e.error.fix}`, ctx.env) + '\n')
  }
  const from = createS3Client(input.connection)
  const other =
    input.toConnection && !sameStore(input.connection, input.toConnection) ? input.toConnection : undefined
  const to = other ? createS3Client(other) : from
  const tuning = input.tuning ?? {}
  // Another store or account: streamed through the engine, each object a URL stream. Within
  // one store, only an encrypted object the store will not copy is (opened on first need).
  let manager: TransferManager | undefined
  const engine = () => (manager ??= openManager(ctx.env, input.transfers))
  const copier: ObjectCopier = other
    ? streamCopier({ manager: engine(), from, to, destination: { connection: other }, tuning })
    : withEncryptedFallback(serverSideCopier(from, tuning, stop.signal), () =>
        streamCopier({
          manager: engine(),
          from,
          to,
          destination: { connection: input.connection },
          tuning,
          keepEncryption: true,
        }),
      )
  try {
    const summary = await runMoveSet(input, {
      from,
      to,
      copier,
      journalDir: journalDirOf(stateDirFrom(ctx.env)),
      connection: journalConnection(input.connection),
      ...(other ? { toConnection: journalConnection(other) } : {}),
      ...(input.transfers !== undefined ? { transfers: input.transfers } : {}),
      cancelStream: (id) => cancelStream(engine(), id, other ?? input.connection),
      signal: stop.signal,
      onEvent,
    })
    const { setId, interrupted, stoppedBy: _, ...figures } = summary
    if (json) out.write({ event: 'summary', setId, ...figures, ...(interrupted ? { interrupted } : {}) })
    else
      ctx.stdout.write(
        `${plural(figures.objects, 'object')} ${verb} (${formatBytes(figures.bytes)}), ${figures.skipped} skipped, ${figures.failed} failed\n`,
      )
    out.flush()
    if (interrupted) throw interruptedMoveError(summary, input.op)
    return figures.failed > 0 ? EXIT_FAILED : EXIT_OK
  } finally {
    process.removeListener('SIGINT', onSigint)
    if (tty) ctx.stderr.write('\r\x1b[K')
    await manager?.close()
    from.destroy()
    if (to !== from) to.destroy()
  }
}
