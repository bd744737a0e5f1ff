// `ferry resume` of prefix downloads: a set's journal says what was asked (sources, folder,
// filters, where the store is); the flags and the environment supply only the credentials.
import type { TreeDownloadRequest } from '../main/core/transfers/download-tree'
import { journalDirOf, stateDirFrom } from '../main/core/transfers/state-dir'
import { interruptedSets, readSets, type SetView } from '../main/journal/download-set-journal'
import { EXIT_OK, type CommandContext } from './command'
import { connectionFrom, journaledConnection } from './connection-options'
import { reportError } from './output'
import { runTreeCommand } from './tree-download'

/** Every interrupted set (no id), or the one set with that id, unless it finished. */
export async function downloadSetsToResume(env: NodeJS.ProcessEnv, id?: string): Promise<SetView[]> {
  const journalDir = journalDirOf(stateDirFrom(env))
  if (id === undefined) return interruptedSets(journalDir)
  return (await readSets(journalDir)).filter((s) => s.header.id === id && s.end?.status !== 'done')
}

/** Runs each set again as the command that started it; returns the worst exit code. */
export async function resumeDownloadSets(
  ctx: CommandContext,
  sets: SetView[],
  transfers: number | undefined,
): Promise<number> {
  let code = EXIT_OK
  for (const set of sets) {
    const h = set.header
    const connection = journaledConnection(h.connection, connectionFrom(ctx.values, ctx.env))
    const request: TreeDownloadRequest = {
      sources: h.sources,
      target: h.target,
      rules: h.rules,
      ifExists: h.ifExists,
      ...h.tuning,
      connection,
    }
    try {
      const done = await runTreeCommand(ctx, {
        request,
        connection,
        ...(transfers !== undefined ? { transfers } : {}),
      })
      code = Math.max(code, done)
    } catch (e) {
      code = Math.max(code, reportError(e, ctx.stderr, ctx.env))
    }
  }
  return code
}
