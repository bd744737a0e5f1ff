// A CLI command lives a few seconds: V8's optimizing compiler then costs more CPU than the
// code it makes saves. Without it, 1,000 files of 64 KiB took about a quarter less CPU and
// less memory, and a 1 GiB file the same (docs/performance.md). `ferry daemon` lives long
// and keeps it.
import { setFlagsFromString } from 'node:v8'

const LONG_LIVED = new Set(['daemon'])

/**
 * Turns V8's optimizing compiler off for this process when the command is short-lived. Set at
 * run time because bin/ferry.js is started by a shebang or npm's shim, where no flag can be
 * added, and NODE_OPTIONS does not accept this one; V8 reads it whenever a function gets hot,
 * so it holds for everything that runs after this (tried: the same CPU as `node --no-opt`).
 */
export function skipOptimizerIfShortLived(argv: readonly string[]): void {
  const [name] = argv
  if (name !== undefined && LONG_LIVED.has(name)) return
  setFlagsFromString('--no-opt')
}
