import { FerryError } from '../shared/errors'
import type { ParseArgsConfig } from 'node:util'

/** Exit codes: 0 done, 1 the operation failed, 2 bad usage or bad input. */
export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2

export interface CommandContext {
  /** Positional arguments after the command name. */
  positionals: string[]
  /** Parsed options, as node:util parseArgs returns them. */
  values: Record<string, string | boolean | string[] | boolean[] | undefined>
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream
  env: NodeJS.ProcessEnv
}

/**
 * One CLI command per file in src/cli/commands/, exported as `command`. The registry finds
 * them by glob, so adding a command touches no shared file.
 */
export interface CliCommand {
  name: string
  /** One line for `ferry --help`. */
  summary: string
  /** The usage line(s) shown by `ferry COMMAND --help` and on bad usage. */
  usage: string
  options: NonNullable<ParseArgsConfig['options']>
  /** Returns the exit code; throws FerryError for failures (printed as one line). */
  run(ctx: CommandContext): Promise<number>
}

/** Usage errors inside a command: thrown, printed with the command's usage line, exit 2. */
export function usageError(command: Pick<CliCommand, 'usage'>, problem: string): FerryError {
  return new FerryError({ code: 'bad-input', message: problem, fix: `usage is ${command.usage}` })
}
