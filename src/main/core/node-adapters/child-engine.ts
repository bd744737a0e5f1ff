import { fork } from 'node:child_process'
import type { EngineToMain, MainToEngine } from '../../../shared/engine-protocol'
import type { EngineLauncher } from '../ports'

export interface ChildEngineOptions {
  /**
   * The engine lives for one command (the CLI's). V8's optimizing compiler then costs more CPU
   * than its code saves: without it, 1,000 files of 64 KiB took about 17% less CPU and a 1 GiB
   * file the same (README, "Measured"). Long-lived engines (the daemon, the app) keep it.
   */
  shortLived?: boolean
}

/** The Node adapter of the engine host: the same entry file as the app's utility process. */
export function childProcessEngine(
  entryPath: string,
  env: NodeJS.ProcessEnv = process.env,
  options: ChildEngineOptions = {},
): EngineLauncher {
  return () => {
    const child = fork(entryPath, [], {
      env,
      execArgv: options.shortLived ? [...process.execArgv, '--no-opt'] : process.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    return {
      send: (message: MainToEngine) => {
        if (child.connected) child.send(message)
      },
      onMessage: (listener) => child.on('message', (m) => listener(m as EngineToMain)),
      onExit: (listener) => child.once('exit', (code) => listener(code)),
      kill: () => child.kill('SIGKILL'),
      pid: child.pid,
    }
  }
}
