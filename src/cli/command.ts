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
 * One option as the parser reads it and as the help describes it. The parser and the help
 * are built from the same table, so an option cannot be accepted without being described.
 */
export interface CliOption {
  type: 'string' | 'boolean'
  multiple?: true
  short?: string
  /** The value's placeholder in help and usage ("SIZE", "N"); string options only. */
  value?: string
  /** What the option does, one or two sentences. */
  help: string
  /**
   * What applies when the option is absent, as the help shows it. Display text only: it is
   * not handed to the parser, so an absent option stays undefined for the command to see.
   */
  byDefault?: string
  /** Connection options are listed in a section of their own. */
  group?: 'connection'
}

export type OptionTable = Record<string, CliOption>

export interface CliExample {
  command: string
  /** What the example does, in one line. */
  meaning: string
}

/**
 * One CLI command per file in src/cli/commands/, exported as `command`. The registry finds
 * them by glob, so adding a command touches no shared file.
 */
export interface CliCommand {
  name: string
  /** One line for `ferry --help`. */
  summary: string
  /**
   * The forms of the command line without its options ("ferry get s3://BUCKET/KEY [FILE]").
   * The usage line adds the options from the table.
   */
  synopsis: string[]
  /** One paragraph for `ferry help COMMAND`: what it does and what it promises. */
  description: string
  options: OptionTable
  examples: CliExample[]
  /** Returns the exit code; throws FerryError for failures (printed as one line). */
  run(ctx: CommandContext): Promise<number>
}

/** The table as node:util parseArgs takes it: only what the parser reads. */
export function parserOptions(table: OptionTable): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = {}
  for (const [name, o] of Object.entries(table)) {
    options[name] = {
      type: o.type,
      ...(o.multiple ? { multiple: true } : {}),
      ...(o.short !== undefined ? { short: o.short } : {}),
    }
  }
  return options
}

/** The command's first form with "[options]": short enough for a one-line error. */
export function shortUsage(command: Pick<CliCommand, 'name' | 'synopsis'>): string {
  return `${command.synopsis[0] ?? `ferry ${command.name}`} [options]`
}

/** The fix for bad usage: the command's form, and where its options are described. */
export function usageFix(command: Pick<CliCommand, 'name' | 'synopsis'>): string {
  return `usage is ${shortUsage(command)}; run ferry help ${command.name} for its options`
}

/** Usage errors inside a command: thrown, printed with the command's usage line, exit 2. */
export function usageError(command: Pick<CliCommand, 'name' | 'synopsis'>, problem: string): FerryError {
  return new FerryError({ code: 'bad-input', message: problem, fix: usageFix(command) })
}
