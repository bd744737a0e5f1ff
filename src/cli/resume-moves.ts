// `ferry resume` of moves and copies of many objects: the set's journal says what was asked
// (source, destination, --if-exists, where the store is); the flags and the environment
// supply only the credentials.
import { interruptedMoves, readMoves, type MoveView } from '../main/journal/move-journal'
import { FerryError } from '../shared/errors'
import type { CommandContext } from './command'
import { connectionFrom, journaledConnection } from './connection-options'
import { runMoveCommand } from './move-run'
import { runEach, setsToResume } from './resume-each'

export const movesToResume = (env: NodeJS.ProcessEnv, id?: string): Promise<MoveView[]> =>
  setsToResume(env, id, { all: readMoves, interrupted: interruptedMoves })

/** Runs each set again as the command that started it; returns the worst exit code. */
export function resumeMoves(
  ctx: CommandContext,
  moves: MoveView[],
  transfers: number | undefined,
): Promise<number> {
  return runEach(ctx, moves, (move) => {
    const h = move.header
    if (h.to)
      throw new FerryError({
        code: 'bad-input',
        message: `the copy ${h.id} goes to another connection (${h.to.endpoint || 'AWS'}), whose credentials ferry resume does not take`,
        fix: 'Run the same ferry cp command again to finish it.',
      })
    return runMoveCommand(ctx, {
      op: h.op,
      source: h.source,
      // The journal holds the planned target; planning it again gives the same one.
      destination: { bucket: h.target.bucket, key: h.target.key },
      ifExists: h.ifExists,
      tuning: h.tuning,
      connection: journaledConnection(h.connection, connectionFrom(ctx.values, ctx.env)),
      ...(transfers !== undefined ? { transfers } : {}),
    })
  })
}
