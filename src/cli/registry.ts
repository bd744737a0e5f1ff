// Every command, one per file in ./commands, found by glob.
import type { CliCommand } from './command'

// Loaded on demand, one chunk per command: `ferry send`, run once per file by scripts,
// must not pay for loading the AWS SDK that the S3 commands need.
const loaders = import.meta.glob<{ command: CliCommand }>('./commands/*.ts')
const fileName = (path: string): string => path.slice(path.lastIndexOf('/') + 1).replace(/\.ts$/, '')

export async function allCommands(): Promise<Map<string, CliCommand>> {
  const modules = await Promise.all(Object.values(loaders).map((load) => load()))
  return new Map(modules.map((m) => [m.command.name, m.command]))
}

/** A command's file is named for it; a command named otherwise is still found, more slowly. */
export async function findCommand(name: string): Promise<CliCommand | undefined> {
  const load = Object.entries(loaders).find(([path]) => fileName(path) === name)?.[1]
  const command = load ? (await load()).command : undefined
  if (command?.name === name) return command
  return (await allCommands()).get(name)
}
