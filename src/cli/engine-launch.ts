// How the CLI starts its engine process, and starting it early for the commands that use it.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { childProcessEngine, prestartEngine } from '../main/core/node-adapters/child-engine'
import type { EngineLauncher } from '../main/core/ports'

/** The built engine beside the CLI bundle (out/main/engine.js), wherever this module landed. */
export function enginePath(): string {
  for (const rel of ['./engine.js', '../engine.js']) {
    const path = fileURLToPath(new URL(rel, import.meta.url))
    if (existsSync(path)) return path
  }
  return fileURLToPath(new URL('./engine.js', import.meta.url))
}

const engineEnv = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  ...env,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
})

/** The engine of one CLI command: it lives as long as the command (ChildEngineOptions.shortLived). */
export const cliEngine = (env: NodeJS.ProcessEnv): EngineLauncher =>
  childProcessEngine(enginePath(), engineEnv(env), { shortLived: true })

/**
 * The commands whose run starts the engine (through openManager in commands/upload.ts). Known
 * here, before the command's module loads, because the point is to start the engine meanwhile.
 */
const ENGINE_COMMANDS = new Set(['upload', 'resume', 'get', 'stream'])

/** Starts the engine now when the command line will need it (cliEngine then takes it over). */
export function prestartFor(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  const [name, ...rest] = argv
  if (!name || !ENGINE_COMMANDS.has(name)) return
  if (rest.some((a) => a === '--help' || a === '-h' || a === '--dry-run')) return
  prestartEngine(enginePath(), engineEnv(env), { shortLived: true })
}
