import { utilityProcess } from 'electron'
import type { EngineToMain, MainToEngine } from '../../../shared/engine-protocol'
import type { EngineLauncher } from '../../core/ports'

/** The app's engine host: a utility process running the same entry file as under Node. */
export function utilityProcessEngine(entryPath: string): EngineLauncher {
  return () => {
    const child = utilityProcess.fork(entryPath, [], {
      serviceName: 'Ferry transfer engine',
      stdio: 'inherit',
    })
    return {
      send: (message: MainToEngine) => child.postMessage(message),
      onMessage: (listener) => child.on('message', (m: unknown) => listener(m as EngineToMain)),
      onExit: (listener) => child.once('exit', (code) => listener(code)),
      kill: () => {
        child.kill()
      },
      get pid() {
        return child.pid
      },
    }
  }
}
