/**
 * True when another live process has this pid: a journal whose writer is alive belongs to a
 * transfer running elsewhere (the app while the CLI looks, or the reverse).
 */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
