import { readFileSync } from 'node:fs'

/**
 * True when another live process has this pid: a journal whose writer is alive belongs to a
 * transfer running elsewhere (the app while the CLI looks, or the reverse).
 */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false
  try {
    process.kill(pid, 0)
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
  // An engine killed with its parent is reparented; where nobody reaps it (pid 1 in many
  // containers) it lingers as a zombie, which kill(pid, 0) still reports as present.
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
      return state !== 'Z' && state !== 'X'
    } catch {
      return false
    }
  }
  return true
}
