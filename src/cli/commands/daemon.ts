import { startDaemon } from '../../main/daemon/run-daemon'
import { socketOption } from '../../main/daemon/daemon-paths'
import { stateDirFrom } from '../../main/core/transfers/state-dir'
import { EXIT_FAILED, EXIT_OK, usageError, type CliCommand } from '../command'
import { connectionFrom, connectionOptions } from '../connection-options'
import { redact, reportError, writeJson } from '../output'
import { enginePath } from '../engine-launch'

/** s3daemon's pool: 25 warm connections. */
export const DEFAULT_POOL = 25
const MAX_COUNT = 1000

function count(name: string, text: unknown, fallback: number): number {
  if (text === undefined) return fallback
  if (typeof text !== 'string' || !/^\d+$/.test(text.trim()) || Number(text) < 1 || Number(text) > MAX_COUNT)
    throw usageError(command, `--${name} "${String(text)}" is not a whole number from 1 to ${MAX_COUNT}`)
  return Number(text)
}

export const command: CliCommand = {
  name: 'daemon',
  summary: 'Run the send daemon: a durable queue and warm connections for ferry send',
  usage:
    'ferry daemon [--socket PATH] [--pool N] [--concurrency N] [--keep-journals] [--verbose] ' +
    '[--endpoint URL] [--region R] [--path-style] [--profile P]',
  options: {
    ...connectionOptions,
    socket: { type: 'string' },
    pool: { type: 'string' },
    concurrency: { type: 'string' },
    'keep-journals': { type: 'boolean' },
    verbose: { type: 'boolean' },
  },
  async run(ctx) {
    const { values, env } = ctx
    if (ctx.positionals.length > 0) throw usageError(command, `unexpected "${ctx.positionals[0]}"`)
    const pool = count('pool', values['pool'], DEFAULT_POOL)
    // One object per connection at a time is what keeps small files fast; more would queue
    // for sockets inside the engine.
    const concurrency = count('concurrency', values['concurrency'], pool)
    const stateDir = stateDirFrom(env)
    let daemon
    try {
      daemon = await startDaemon({
        stateDir,
        socket: socketOption(values['socket'], env),
        pool,
        concurrency,
        connection: connectionFrom(values, env),
        env,
        enginePath: enginePath(),
        keepJournals: values['keep-journals'] === true,
        log: (line) => ctx.stderr.write(redact(`ferry daemon: ${line}\n`, ctx.env)),
        ...(values['verbose'] === true ? { onFinished: (t) => writeJson(ctx.stdout, t, env) } : {}),
      })
    } catch (e) {
      // Another daemon, a bad socket path: the daemon did not start, which is a failure (1).
      reportError(e, ctx.stderr, env)
      return EXIT_FAILED
    }
    const recovered =
      daemon.recovered > 0
        ? `; resuming ${daemon.recovered} queued job${daemon.recovered === 1 ? '' : 's'}`
        : ''
    ctx.stderr.write(
      `ferry daemon: listening on ${daemon.paths.socket} (pool ${pool}, ${concurrency} at once, state ${stateDir})${recovered}\n`,
    )
    if (daemon.skippedLines > 0)
      ctx.stderr.write(
        `ferry daemon: skipped ${daemon.skippedLines} damaged line(s) in ${daemon.paths.dir}\n`,
      )
    await new Promise<void>((resolve) => {
      let signals = 0
      const stop = () => {
        signals++
        if (signals > 1) process.exit(130)
        ctx.stderr.write('ferry daemon: stopping (running transfers pause and resume at the next start)...\n')
        void daemon.close().then(resolve)
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
    })
    return EXIT_OK
  },
}
