// A CLI command lives a few seconds, and V8's defaults are made for programs that live long:
// - its optimizing compiler costs more CPU than the code it makes saves: without it, 1,000
//   files of 64 KiB took about a quarter less CPU and less memory, and a large file the same;
// - its young generation grows to 32 MiB (two semi-spaces of 16) as soon as allocation is
//   brisk, though a transfer's objects die young: held at its first 2 MiB, the peak memory of
//   1,000 x 64 KiB fell by about 30 MiB for the same CPU, and a 512 MiB file's the same.
// (docs/performance.md has the figures.) `ferry daemon` lives long and keeps both.
import { setFlagsFromString } from 'node:v8'

const LONG_LIVED = new Set(['daemon'])

/**
 * Tunes V8 for a short life when the command is one. Set at run time because bin/ferry.js is
 * started by a shebang or npm's shim, where no flag can be added, and NODE_OPTIONS accepts
 * neither. V8 reads both flags as it goes (when a function gets hot, when the young generation
 * would grow), so they hold for everything after this: tried, the same CPU and memory as
 * `node --no-opt`. (`--max-semi-space-size` would be the plain way to cap the young generation,
 * but V8 reads it only as the heap is made, before any script runs.) Only such flags may be set
 * here: V8 does not expect its flags to change once it runs, and some changes abort it
 * (`--single-threaded-gc`, tried, in its first full collection).
 */
export function tuneForShortLife(argv: readonly string[]): void {
  const [name] = argv
  if (name !== undefined && LONG_LIVED.has(name)) return
  setFlagsFromString('--no-opt')
  setFlagsFromString('--semi-space-growth-factor=1')
}
