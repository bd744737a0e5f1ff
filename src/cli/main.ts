// The `ferry` command line. Commands live one per file in ./commands and are found by glob.
import { parseArgs } from 'node:util'
import { EXIT_OK, EXIT_USAGE, type CliCommand } from './command'
import { reportError } from './output'

const modules = import.meta.glob<{ command: CliCommand }>('./commands/*.ts', { eager: true })
const commands = new Map(Object.values(modules).map((m) => [m.command.name, m.command]))

function help(): string {
  const width = Math.max(...[...commands.keys()].map((n) => n.length))
  const lines = [...commands.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`)
  return `Usage: ferry COMMAND [options]\n\nCommands:\n${lines.join('\n')}\n\nRun ferry COMMAND --help for a command's options.\n`
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help())
    return name ? EXIT_OK : EXIT_USAGE
  }
  const command = commands.get(name)
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
