import type { TransferManager } from '../../main/core/transfers/transfer-manager'
import type { EngineConnection } from '../../shared/engine-protocol'
import { EXIT_OK, usageError, type CliCommand } from '../command'
import { connectionFrom, connectionOptions } from '../connection-options'
import {
  followTransfers,
  openManager,
  parseConcurrency,
  parseTransfers,
  transfersOption,
  tuningOptions,
} from './upload'

/**
 * The journal says where the upload lives (endpoint, region, addressing); the flags and the
 * environment supply only the credentials, which Ferry never writes down.
 */
function connectionForResume(
  manager: TransferManager,
  id: string,
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): EngineConnection {
  const journal = manager.journalConnection(id)
  const given = connectionFrom(values, env)
  if (typeof values['endpoint'] === 'string' && given.endpoint !== journal.endpoint) {
    throw usageError(
      command,
      `transfer ${id} uploads to ${journal.endpoint || 'AWS'}, not ${given.endpoint}; leave out --endpoint`,
    )
  }
  const connection: EngineConnection = {
    endpoint: journal.endpoint,
    region: journal.region,
    pathStyle: journal.pathStyle,
  }
  if (given.credentials) connection.credentials = given.credentials
  else if (given.profile) connection.profile = given.profile
  else if (journal.profile) connection.profile = journal.profile
  return connection
}

export const command: CliCommand = {
  name: 'resume',
  summary: 'Resume interrupted or paused uploads from their journals',
  usage: 'ferry resume ID | --all [--concurrency N] [--transfers N] [--json]',
  options: { ...connectionOptions, ...tuningOptions, ...transfersOption, all: { type: 'boolean' } },
  async run(ctx) {
    const { positionals, values, env } = ctx
    const all = values['all'] === true
    if (all ? positionals.length > 0 : positionals.length !== 1)
      throw usageError(command, 'name one transfer ID, or --all')
    const concurrency = parseConcurrency(command, values['concurrency'])
    const manager = openManager(env, parseTransfers(command, values['transfers']))
    try {
      const ids = all ? await manager.resumable() : [positionals[0]!]
      if (ids.length === 0) {
        if (values['json'] !== true) ctx.stderr.write('ferry: nothing to resume.\n')
        return EXIT_OK
      }
      for (const id of ids) {
        const connection = connectionForResume(manager, id, values, env)
        manager.resume(id, { connection, ...(concurrency !== undefined ? { tuning: { concurrency } } : {}) })
      }
      return await followTransfers(manager, ids, ctx)
    } finally {
      await manager.close()
    }
  },
}
