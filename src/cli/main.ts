// The `ferry` command line. Commands live one per file in ./commands and are found by glob.
import { parseArgs } from 'node:util'
import { EXIT_OK, EXIT_USAGE, parserOptions, usageFix } from './command'
import { commandHelp, commandList } from './help'
import { reportError } from './output'
import { allCommands, findCommand } from './registry'
import { FERRY_VERSION } from './version'

const HELP_FLAGS = ['--help', '-h']
const VERSION_FLAGS = ['--version', '-V', 'version']

function unknownCommand(name: string): number {
  process.stderr.write(`ferry: unknown command "${name}". Fix: run ferry help to see the commands.\n`)
  return EXIT_USAGE
}

/** `ferry help [COMMAND]`: the list, or one command's help. */
async function help(topic: string | undefined): Promise<number> {
  if (topic === undefined) {
    process.stdout.write(commandList((await allCommands()).values(), FERRY_VERSION))
    return EXIT_OK
  }
  const command = await findCommand(topic)
  if (!command) return unknownCommand(topic)
  process.stdout.write(commandHelp(command))
  return EXIT_OK
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...rest] = argv
  if (!name) {
    // No command is bad usage (exit 2), but the list of commands is the answer to it.
    process.stdout.write(commandList((await allCommands()).values(), FERRY_VERSION))
    return EXIT_USAGE
  }
  if (VERSION_FLAGS.includes(name)) {
    process.stdout.write(`ferry ${FERRY_VERSION}\n`)
    return EXIT_OK
  }
  if (name === 'help' || HELP_FLAGS.includes(name)) {
    if (rest.length > 1) {
      process.stderr.write(
        'ferry: help takes one command. Fix: run ferry help COMMAND, e.g. ferry help upload.\n',
      )
      return EXIT_USAGE
    }
    return help(rest[0])
  }
  const command = await findCommand(name)
  if (!command) return unknownCommand(name)
  if (rest.some((a) => HELP_FLAGS.includes(a))) {
    process.stdout.write(commandHelp(command))
    return EXIT_OK
  }
  let parsed
  try {
    parsed = parseArgs({
      args: rest,
      options: parserOptions(command.options),
      allowPositionals: true,
      strict: true,
    })
  } catch (e) {
    process.stderr.write(`ferry ${name}: ${(e as Error).message}. Fix: ${usageFix(command)}\n`)
    return EXIT_USAGE
  }
  try {
    return await command.run({
      positionals: parsed.positionals,
      values: parsed.values as Record<string, string | boolean | string[] | boolean[] | undefined>,
      stdout: process.stdout,
      stderr: process.stderr,
      env,
    })
  } catch (e) {
    return reportError(e, process.stderr, env)
  }
}
