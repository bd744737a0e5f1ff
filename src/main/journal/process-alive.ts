// Which process wrote a journal, and whether it still runs: a journal whose writer is alive
// belongs to a transfer running elsewhere (the app while the CLI looks, or the reverse).
import { readFileSync } from 'node:fs'
import { uptime } from 'node:os'

/** A process as a journal records it: pid, plus what tells a reused pid apart. */
export interface ProcessMark {
  pid: number
  /** When the machine booted (ms since the epoch, to the second): a pid from an earlier boot is gone. */
  boot?: number
  /** Linux: the process's start time in clock ticks since boot (/proc/PID/stat field 22). */
  start?: string
}

const bootTime = (): number => Math.round((Date.now() - uptime() * 1000) / 1000) * 1000

function linuxStat(pid: number | 'self'): { state: string; start: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses; fields after it are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return { state: fields[0] ?? '', start: fields[19] ?? '' }
  } catch {
    return undefined
  }
}

let ownMark: ProcessMark | undefined

/** This process's mark; read once, since every journal of a folder of small files records it. */
export function currentProcessMark(): ProcessMark {
  if (!ownMark) {
    ownMark = { pid: process.pid, boot: bootTime() }
    const start = process.platform === 'linux' ? linuxStat('self')?.start : undefined
    if (start) ownMark.start = start
  }
  return { ...ownMark }
}

export function isRunning(mark: ProcessMark): boolean {
  const { pid } = mark
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false
  // After a reboot every pid is someone else's (the clock may drift a little between reads).
  if (mark.boot !== undefined && Math.abs(mark.boot - bootTime()) > 60_000) return false
  try {
    process.kill(pid, 0)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  if (process.platform === 'linux') {
    const stat = linuxStat(pid)
    if (!stat) return false
    // An engine killed with its parent is reparented; where nobody reaps it (pid 1 in many
    // containers) it lingers as a zombie, which kill(pid, 0) still reports as present.
    if (stat.state === 'Z' || stat.state === 'X') return false
    if (mark.start !== undefined && stat.start !== mark.start) return false
  }
  return true
}
