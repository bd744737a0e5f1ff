// One timed run of one contender: its command under measure.py (CPU and RSS of the whole process
// tree, grandchildren included), stdout and stderr kept in files for the checks and for the record.
import { spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const MEASURE = fileURLToPath(new URL('./measure.py', import.meta.url))
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'

let active

/** Ends the run in progress, with everything it started (Ctrl-C in the runner). */
export function stopActiveRun() {
  if (!active) return
  try {
    process.kill(-active.pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

const tail = (text, lines = 6) => text.trim().split('\n').slice(-lines).join('\n')

export async function measured(command, { tmp, runId, timeoutMs }) {
  const resultPath = join(tmp, `measure-${runId}.json`)
  const stdoutPath = join(tmp, `stdout-${runId}.txt`)
  const stderrPath = join(tmp, `stderr-${runId}.txt`)
  const out = openSync(stdoutPath, 'w')
  const err = openSync(stderrPath, 'w')
  // Its own process group, so a run that hangs can be ended with everything it started.
  const child = spawn(PYTHON, [MEASURE, '--out', resultPath, '--', command.cmd, ...command.args], {
    env: command.env,
    cwd: command.cwd,
    stdio: ['ignore', out, err],
    detached: true,
  })
  active = child
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    try {
      process.kill(-child.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }, timeoutMs)
  const exit = await new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  clearTimeout(timer)
  active = undefined
  closeSync(out)
  closeSync(err)
  const stdout = readFileSync(stdoutPath, 'utf8')
  const stderr = readFileSync(stderrPath, 'utf8')
  if (timedOut || !existsSync(resultPath)) {
    return {
      ok: false,
      failure: timedOut
        ? `timed out after ${timeoutMs / 1000} s`
        : `measure.py failed (${exit.code ?? exit.signal}): ${tail(stderr)}`,
      stdout,
      stderr,
    }
  }
  const m = JSON.parse(readFileSync(resultPath, 'utf8'))
  return {
    ok: m.exit_code === 0,
    ...(m.exit_code === 0 ? {} : { failure: `exit ${m.exit_code}: ${tail(stderr) || tail(stdout)}` }),
    exitCode: m.exit_code,
    wallS: m.wall_s,
    reapS: m.reap_s,
    cpuUserS: m.cpu_user_s,
    cpuSysS: m.cpu_sys_s,
    maxRssKiB: m.max_rss_kib,
    treeRssPeakKiB: m.tree_rss_peak_kib,
    maxProcesses: m.max_processes,
    processes: m.processes,
    lingeringPids: m.lingering_pids,
    stdout,
    stderr,
  }
}
