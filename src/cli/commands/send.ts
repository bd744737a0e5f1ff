import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { stateDirFrom } from '../../main/core/transfers/state-dir'
import { request } from '../../main/daemon/daemon-client'
import { daemonPaths, socketOption } from '../../main/daemon/daemon-paths'
import { parseDestination } from '../../main/daemon/destination'
import { IF_EXISTS_VALUES } from '../../main/daemon/protocol'
import type { IfExists } from '../../shared/domain/transfer'
import { FerryError } from '../../shared/errors'
import { EXIT_OK, usageError, type CliCommand } from '../command'
import { writeJson } from '../output'

/** The file must be there and readable now: a job for a file that is not would fail anyway. */
async function checkFile(path: string): Promise<void> {
  let s
  try {
    s = await stat(path)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new FerryError({
      code: code === 'EACCES' ? 'source-unreadable' : 'source-missing',
      message: code === 'EACCES' ? `${path} cannot be read (permission denied)` : `${path} does not exist`,
      fix: 'Check the path and send the file once it is written.',
    })
  }
  if (!s.isFile()) {
    throw new FerryError({
      code: 'source-not-a-file',
      message: `${path} is ${s.isDirectory() ? 'a folder' : 'not a regular file'}`,
      fix: s.isDirectory()
        ? 'Send files one by one, or use ferry upload for folders.'
        : 'Send a regular file.',
    })
  }
  try {
    await access(path, constants.R_OK)
  } catch {
    throw new FerryError({
      code: 'source-unreadable',
      message: `${path} cannot be read (permission denied)`,
      fix: 'Make it readable by you (the daemon runs as you).',
    })
  }
}

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
    await checkFile(file)
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
