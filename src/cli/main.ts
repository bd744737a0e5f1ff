// The `ferry` command line. Commands live one per file in ./commands and are found by glob.
import { parseArgs } from 'node:util'
import { EXIT_OK, EXIT_USAGE, type CliCommand } from './command'
import { reportError } from './output'

// Loaded on demand, one chunk per command: `ferry send`, run once per file by scripts,
// must not pay for loading the AWS SDK that the S3 commands need.
const loaders = import.meta.glob<{ command: CliCommand }>('./commands/*.ts')
const fileName = (path: string): string => path.slice(path.lastIndexOf('/') + 1).replace(/\.ts$/, '')

async function allCommands(): Promise<Map<string, CliCommand>> {
  const modules = await Promise.all(Object.values(loaders).map((load) => load()))
  return new Map(modules.map((m) => [m.command.name, m.command]))
}

/** A command's file is named for it; a command named otherwise is still found, more slowly. */
async function findCommand(name: string): Promise<CliCommand | undefined> {
  const load = Object.entries(loaders).find(([path]) => fileName(path) === name)?.[1]
  const command = load ? (await load()).command : undefined
  if (command?.name === name) return command
  return (await allCommands()).get(name)
}

function help(commands: Map<string, CliCommand>): string {
  const width = Math.max(...[...commands.keys()].map((n) => n.length))
  const lines = [...commands.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`)
  return `Usage: ferry COMMAND [options]\n\nCommands:\n${lines.join('\n')}\n\nRun ferry COMMAND --help for a command's options.\n`
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help(await allCommands()))
    return name ? EXIT_OK : EXIT_USAGE
  }
  const command = await findCommand(name)
  if (!command) {
    process.stderr.write(`ferry: unknown command "${name}". Fix: run ferry --help to see the commands.\n`)
    return EXIT_USAGE
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`Usage: ${command.usage}\n`)
    return EXIT_OK
  }
  let parsed
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true })
  } catch (e) {
    process.stderr.write(`ferry ${name}: ${(e as Error).message}. Fix: usage is ${command.usage}\n`)
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
