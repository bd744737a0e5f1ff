import { resolve } from 'node:path'
import { stateDirFrom } from '../../main/core/transfers/state-dir'
import { request } from '../../main/daemon/daemon-client'
import { daemonPaths, socketOption } from '../../main/daemon/daemon-paths'
import { parseDestination } from '../../main/daemon/destination'
import { checkSendable } from '../../main/daemon/source-check'
import { IF_EXISTS_VALUES } from '../../main/daemon/protocol'
import type { IfExists } from '../../shared/domain/transfer'
import { FerryError } from '../../shared/errors'
import { EXIT_OK, usageError, type CliCommand } from '../command'
import { writeJson } from '../output'

export const command: CliCommand = {
  name: 'send',
  summary: 'Hand a file to the running daemon (ferry daemon) to store; s3daemon compatible',
  usage:
    'ferry send FILE ALIAS/BUCKET/KEY | s3://BUCKET/KEY [--no-wait] [--if-exists overwrite|fail|skip] [--socket PATH] [--json]',
  options: {
    'no-wait': { type: 'boolean' },
    'if-exists': { type: 'string' },
    socket: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(ctx) {
    const { positionals, values, env } = ctx
    if (positionals.length !== 2) throw usageError(command, 'send needs a FILE and a destination')
    const file = resolve(positionals[0]!)
    const dest = parseDestination(positionals[1]!, file)
    const ifExists = values['if-exists'] as IfExists | undefined
    if (ifExists !== undefined && !IF_EXISTS_VALUES.includes(ifExists))
      throw usageError(command, `--if-exists must be overwrite, fail or skip, not "${String(ifExists)}"`)
    // Checked here too, so a file that is not there is an error now rather than a failed job.
    await checkSendable(file, 'you')
    const wait = values['no-wait'] !== true
    const socket = socketOption(values['socket'], env) ?? daemonPaths(stateDirFrom(env)).socket
    const answer = await request(
      socket,
      {
        id: 1,
        op: 'send',
        source: file,
        bucket: dest.bucket,
        key: dest.key,
        wait,
        ...(dest.alias ? { alias: dest.alias } : {}),
        ...(ifExists ? { ifExists } : {}),
      },
      wait ? 'final' : 'queued',
    )
    if (answer.event === 'failed') throw FerryError.fromValue(answer.error)
    // s3daemon's contract: nothing on stdout, exit 0 once stored (or, with --no-wait, queued).
    if (values['json'] === true) {
      if (answer.event === 'queued') writeJson(ctx.stdout, { job: answer.job, state: 'queued' }, env)
      else if (answer.event === 'done')
        writeJson(ctx.stdout, { job: answer.job, state: 'done', bytes: answer.bytes, etag: answer.etag }, env)
    }
    return EXIT_OK
  },
}
