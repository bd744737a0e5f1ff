import { fork } from 'node:child_process'
import type { EngineToMain, MainToEngine } from '../../../shared/engine-protocol'
import type { EngineLauncher } from '../ports'

/**
 * The Node adapter of the engine process (the daemon's, the tests'): the same entry file as the
 * app's utility process. The CLI's one-shot commands run the engine in-process instead
 * (in-process-engine.ts).
 */
export function childProcessEngine(entryPath: string, env: NodeJS.ProcessEnv = process.env): EngineLauncher {
  return () => {
    const child = fork(entryPath, [], {
      env,
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
