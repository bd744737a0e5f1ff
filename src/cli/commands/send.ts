import { resolve } from 'node:path'
import { stateDirFrom } from '../../main/core/transfers/state-dir'
import { request } from '../../main/daemon/daemon-client'
import { daemonPaths, socketOption } from '../../main/daemon/daemon-paths'
import { parseDestination } from '../../main/daemon/destination'
import { checkSendable } from '../../main/daemon/source-check'
import { IF_EXISTS_VALUES, type SendHeaders } from '../../main/daemon/protocol'
import type { IfExists } from '../../shared/domain/transfer'
import { FerryError } from '../../shared/errors'
import { EXIT_OK, usageError, type CliCommand } from '../command'
import { ifExistsOption, storageClassOption } from '../common-options'
import { protectionFrom, protectionOptions } from '../protection-options'
import { verificationJson, writeJson } from '../output'

export const command: CliCommand = {
  name: 'send',
  summary: 'Hand a file to the running daemon to store (s3daemon compatible)',
  synopsis: ['ferry send FILE ALIAS/BUCKET/KEY | s3://BUCKET/KEY'],
  description:
    'Queues FILE with the running daemon (ferry daemon, or the Ferry app while it runs) and, ' +
    'by default, waits until the object is stored; prints nothing on success and exits 0, as ' +
    "s3daemon's client does. ALIAS picks the connection: a saved connection of that name, else " +
    'an AWS profile of that name, else the daemon\'s own. A KEY ending in "/" gets the file\'s ' +
    'name. The daemon holds the connection, so this command needs no credentials.',
  options: {
    'no-wait': {
      type: 'boolean',
      help: 'Return as soon as the daemon has queued the file durably, not when it is stored.',
    },
    'if-exists': {
      ...ifExistsOption,
      value: 'overwrite|fail|skip',
      help: 'What to do when the key exists: replace it, stop with an error, or keep it.',
      byDefault: 'overwrite, as s3daemon does',
    },
    'storage-class': storageClassOption,
    ...protectionOptions,
    socket: {
      type: 'string',
      value: 'PATH',
      help: "The daemon's socket.",
      byDefault: '$FERRY_DAEMON_SOCKET, else daemon/ferry.sock in the state folder',
    },
    json: { type: 'boolean', help: "Print the job's outcome as one JSON line." },
  },
  examples: [
    {
      command: 'ferry send ./frame-0001.fits archive/raw/night-1/',
      meaning: 'Store the file as raw/night-1/frame-0001.fits over the connection named archive.',
    },
    {
      command: 'ferry send ./log.txt s3://my-bucket/logs/ --no-wait',
      meaning: 'Queue it and return at once; the daemon stores it.',
    },
  ],
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
    const protection = await protectionFrom(values)
    const headers: SendHeaders = { ...protection.headers }
    if (typeof values['storage-class'] === 'string') headers.storageClass = values['storage-class']
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
        ...(Object.keys(headers).length > 0 ? { headers } : {}),
        ...(protection.customerKey ? { customerKey: protection.customerKey } : {}),
      },
      wait ? 'final' : 'queued',
    )
    if (answer.event === 'failed') throw FerryError.fromValue(answer.error)
    // s3daemon's contract: nothing on stdout, exit 0 once stored (or, with --no-wait, queued).
    if (values['json'] === true) {
      if (answer.event === 'queued') writeJson(ctx.stdout, { job: answer.job, state: 'queued' }, env)
      else if (answer.event === 'done')
        writeJson(
          ctx.stdout,
          {
            job: answer.job,
            state: 'done',
            bytes: answer.bytes,
            etag: answer.etag,
            ...(answer.verification ? verificationJson(answer.verification) : {}),
          },
          env,
        )
    }
    return EXIT_OK
  },
}
