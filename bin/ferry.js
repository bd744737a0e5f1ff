#!/usr/bin/env node
// The `ferry` command: the CLI is built with the app (npm run build) into out/main/cli.js.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write('ferry: the CLI is not built yet. Fix: run `npm run build` in the Ferry checkout.\n')
  process.exit(2)
}
await import(cli)
