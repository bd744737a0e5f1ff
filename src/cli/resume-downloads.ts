// `ferry resume` of prefix downloads: a set's journal says what was asked (sources, folder,
// filters, where the store is); the flags and the environment supply only the credentials.
import type { TreeDownloadRequest } from '../main/core/transfers/download-tree'
import { interruptedSets, readSets, type SetView } from '../main/journal/download-set-journal'
import { FerryError } from '../shared/errors'
import type { CommandContext } from './command'
import { connectionFrom, journaledConnection } from './connection-options'
import { runEach, setsToResume } from './resume-each'
import { runTreeCommand } from './tree-download'

/** Every interrupted set (no id), or the one set with that id, unless it finished. */
export const downloadSetsToResume = (env: NodeJS.ProcessEnv, id?: string): Promise<SetView[]> =>
  setsToResume(env, id, { all: readSets, interrupted: interruptedSets })

/** Runs each set again as the command that started it; returns the worst exit code. */
export function resumeDownloadSets(
  ctx: CommandContext,
  sets: SetView[],
  transfers: number | undefined,
): Promise<number> {
  return runEach(ctx, sets, (set) => {
    const h = set.header
    // Its files are what the sync's plan chose; everything under the prefix would be refetched.
    if (h.sync)
      throw new FerryError({
        code: 'bad-input',
        message: `${h.id} is the download side of a ferry sync into ${h.target}, which ferry resume cannot plan again`,
        fix: 'Run the same ferry sync command again: it continues, and files it already fetched are not fetched again.',
      })
    const connection = journaledConnection(h.connection, connectionFrom(ctx.values, ctx.env))
    const request: TreeDownloadRequest = {
      sources: h.sources,
      target: h.target,
      rules: h.rules,
      ifExists: h.ifExists,
      ...h.tuning,
      connection,
    }
    return runTreeCommand(ctx, {
      request,
      connection,
      ...(transfers !== undefined ? { transfers } : {}),
    })
  })
}
