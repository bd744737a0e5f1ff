// Where the CLI finds the built engine: in its own process for its one-shot commands, as a
// separate process for the daemon (which lives long and serves the app too).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { inProcessEngine } from '../main/core/node-adapters/in-process-engine'
import type { EngineLauncher } from '../main/core/ports'

/** A built node-side entry beside the CLI bundle (out/main/NAME.js), wherever this module landed. */
function builtEntry(name: string): string {
  for (const rel of [`./${name}.js`, `../${name}.js`]) {
    const path = fileURLToPath(new URL(rel, import.meta.url))
    if (existsSync(path)) return path
  }
  return fileURLToPath(new URL(`./${name}.js`, import.meta.url))
}

/** The engine process's entry (out/main/engine.js), for the daemon. */
export const enginePath = (): string => builtEntry('engine')

/** The engine of one CLI command: it runs in the CLI's process and lives as long as the command. */
export const cliEngine = (): EngineLauncher => inProcessEngine(builtEntry('in-process-engine'))
