// The machine is shared: other work competes for its cores. Before each run the runner waits
// (a bounded time) for the CPUs to go mostly idle, and it records how much CPU other processes
// used during the run, so a run slowed down by a neighbour can be recognised in the results.
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'

const TICKS_PER_SECOND = 100 // USER_HZ, 100 on Linux

/** Busy and total CPU seconds of the whole machine since boot, from /proc/stat. */
export function cpuCounters() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number)
  // Steal (the hypervisor running other machines) is kept apart: no process here used it, but
  // it slows everything here down just the same.
  const busy = user + nice + system + irq + softirq
  return {
    busyS: busy / TICKS_PER_SECOND,
    stealS: steal / TICKS_PER_SECOND,
    totalS: (busy + steal + idle + iowait) / TICKS_PER_SECOND,
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Waits until the machine's CPUs were at least `idleFraction` idle over one second, or `maxMs` passed. */
export async function settle({ idleFraction = 0.85, maxMs = 60_000 } = {}) {
  const start = Date.now()
  for (;;) {
    const a = cpuCounters()
    await sleep(1000)
    const b = cpuCounters()
    const idle = 1 - (b.busyS + b.stealS - a.busyS - a.stealS) / Math.max(1e-9, b.totalS - a.totalS)
    if (idle >= idleFraction || Date.now() - start >= maxMs)
      return { idle, waitedS: (Date.now() - start) / 1000, settled: idle >= idleFraction }
  }
}

/** CPU seconds the machine spent between two counters, beyond what `ours` accounts for. */
export function foreignCpu(before, after, oursS) {
  return Math.max(0, after.busyS - before.busyS - oursS)
}

export const coreCount = () => cpus().length

/** utime + stime of these processes (threads included), in seconds; gone ones count 0. */
export function processCpuS(pids) {
  let total = 0
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      total += (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
    } catch {
      // exited
    }
  }
  return total
}
