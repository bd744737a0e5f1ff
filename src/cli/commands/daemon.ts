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
  synopsis: ['ferry daemon'],
  description:
    'Serves ferry send on a local socket until Ctrl-C or SIGTERM: each file sent is queued ' +
    'durably, stored with the connection given here over a pool of warm connections, verified, ' +
    'and logged with its timings for ferry stats. Jobs it acknowledged and had not finished ' +
    'resume when the daemon starts again. Only one daemon (or the Ferry app, which serves the ' +
    'same socket while it runs) serves a state folder. Compatible with s3daemon clients.',
  options: {
    socket: {
      type: 'string',
      value: 'PATH',
      help: 'The socket to listen on.',
      byDefault: '$FERRY_DAEMON_SOCKET, else daemon/ferry.sock in the state folder',
    },
    pool: {
      type: 'string',
      value: 'N',
      help: `How many connections to the store are kept open, from 1 to ${MAX_COUNT}.`,
      byDefault: String(DEFAULT_POOL),
    },
    concurrency: {
      type: 'string',
      value: 'N',
      help: `How many objects are stored at once, from 1 to ${MAX_COUNT}.`,
      byDefault: 'the pool size',
    },
    'keep-journals': {
      type: 'boolean',
      help: 'Keep the journal of each finished job (ferry transfers lists them) instead of removing it.',
    },
    verbose: { type: 'boolean', help: 'Print one JSON line on stdout for each finished job.' },
    ...connectionOptions,
  },
  examples: [
    {
      command: 'ferry daemon --endpoint http://127.0.0.1:9000 &',
      meaning: 'Serve ferry send in the background for a local store.',
    },
    {
      command: 'ferry send ./frame-0001.fits s3://my-bucket/night/frame-0001.fits',
      meaning: 'Then hand it a file; the command returns once the object is stored.',
    },
  ],
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
