// What `ferry resume` shares across the journaled sets it continues (prefix downloads, moves
// and copies): finding the unfinished ones, and running each with its own error line.
import { journalDirOf, stateDirFrom } from '../main/core/transfers/state-dir'
import { EXIT_OK, type CommandContext } from './command'
import { reportError } from './output'

interface SetLike {
  header: { id: string }
  end?: { status: string }
}

/** Every interrupted set (no id), or the one set with that id, unless it finished. */
export async function setsToResume<T extends SetLike>(
  env: NodeJS.ProcessEnv,
  id: string | undefined,
  read: { all(journalDir: string): Promise<T[]>; interrupted(journalDir: string): Promise<T[]> },
): Promise<T[]> {
  const journalDir = journalDirOf(stateDirFrom(env))
  if (id === undefined) return read.interrupted(journalDir)
  return (await read.all(journalDir)).filter((s) => s.header.id === id && s.end?.status !== 'done')
}

/** Runs each item; a failure prints its line and the next runs. Returns the worst exit code. */
export async function runEach<T>(
  ctx: CommandContext,
  items: T[],
  run: (item: T) => Promise<number>,
): Promise<number> {
  let code = EXIT_OK
  for (const item of items) {
    try {
      code = Math.max(code, await run(item))
    } catch (e) {
      code = Math.max(code, reportError(e, ctx.stderr, ctx.env))
    }
  }
  return code
}
