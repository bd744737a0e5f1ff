import type { TransferManager } from '../../main/core/transfers/transfer-manager'
import type { EngineConnection } from '../../shared/engine-protocol'
import { EXIT_OK, usageError, type CliCommand } from '../command'
import { jsonOption } from '../common-options'
import { connectionForJournaled, connectionOptions } from '../connection-options'
import { followTransfers } from './upload'
import { openManager } from '../open-manager'
import { downloadSetsToResume, resumeDownloadSets } from '../resume-downloads'
import { customerKeyFrom, customerKeyOption } from '../protection-options'
import { movesToResume, resumeMoves } from '../resume-moves'
import { concurrencyOption, parseConcurrency, parseTransfers, transfersOption } from '../transfer-options'

/**
 * The journal says where the upload lives (endpoint, region, addressing); the flags and the
 * environment supply only the credentials, which Ferry never writes down.
 */
const connectionForResume = (
  manager: TransferManager,
  id: string,
  values: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): EngineConnection => connectionForJournaled(command, id, manager.journalConnection(id), values, env)

export const command: CliCommand = {
  name: 'resume',
  summary: 'Resume interrupted or paused uploads and downloads from their journals',
  synopsis: ['ferry resume ID', 'ferry resume --all'],
  description:
    'Continues uploads that were paused (Ctrl-C) or cut short by a crash, a reboot or a lost ' +
    'network, and one that failed on an error worth retrying (its error names the command); ' +
    'ferry transfers lists them with their IDs. Ferry asks the store which parts it holds and reuses a part only when the bytes of the ' +
    'file still match it; a file that changed since is uploaded again from the start. The ' +
    'journal says where the upload goes; the connection options supply only credentials. ' +
    'A download (ferry get of an object or a prefix) cut short is finished too: the ' +
    'files it wrote are kept, the others are fetched, a large one from the ranges it has. ' +
    'A move or copy of many objects (ferry mv, ferry cp) cut short is finished the same way.',
  options: {
    all: {
      type: 'boolean',
      help: 'Resume every upload, download, move and copy journaled on this computer that did not finish and that no running process owns.',
    },
    concurrency: concurrencyOption,
    ...transfersOption,
    ...customerKeyOption,
    json: jsonOption,
    ...connectionOptions,
  },
  examples: [
    { command: 'ferry resume --all', meaning: 'Resume everything that did not finish.' },
    {
      command: 'ferry resume mfx8k2a1-7f3a9c2e --concurrency 8',
      meaning: 'Resume one upload, 8 parts at a time.',
    },
    {
      command: 'ferry resume mfx8k2a1-7f3a9c2e --sse-c-key fileb://key.bin',
      meaning: 'Resume an SSE-C upload: its key is never stored, so give it again.',
    },
  ],
  async run(ctx) {
    const { positionals, values, env } = ctx
    const all = values['all'] === true
    if (all ? positionals.length > 0 : positionals.length !== 1)
      throw usageError(command, 'name one transfer ID, or --all')
    const concurrency = parseConcurrency(command, values['concurrency'])
    const transfers = parseTransfers(command, values['transfers'])
    const customerKey = await customerKeyFrom(values)
    const sets = await downloadSetsToResume(env, all ? undefined : positionals[0])
    const moves = await movesToResume(env, all ? undefined : positionals[0])
    const manager = openManager(env, transfers)
    let code: number
    try {
      const ids = all ? await manager.resumable() : sets.length + moves.length > 0 ? [] : [positionals[0]!]
      if (ids.length === 0 && sets.length === 0 && moves.length === 0) {
        if (values['json'] !== true) ctx.stderr.write('ferry: nothing to resume.\n')
        return EXIT_OK
      }
      if (ids.length === 0)
        return Math.max(
          await resumeDownloadSets(ctx, sets, transfers),
          await resumeMoves(ctx, moves, transfers),
        )
      if (!all) await manager.assertNotSetStream(ids[0]!)
      for (const id of ids) {
        const connection = connectionForResume(manager, id, values, env)
        manager.resume(id, {
          connection,
          ...(concurrency !== undefined ? { tuning: { concurrency } } : {}),
          ...(customerKey ? { customerKey } : {}),
        })
      }
      code = await followTransfers(manager, ids, ctx)
    } finally {
      await manager.close()
    }
    return Math.max(
      code,
      await resumeDownloadSets(ctx, sets, transfers),
      await resumeMoves(ctx, moves, transfers),
    )
  },
}
