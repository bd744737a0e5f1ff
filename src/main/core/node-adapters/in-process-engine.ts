// The engine host for the CLI's one-shot commands: the engine runs in this process, loaded
// from its built module (src/main/engine/in-process.ts says why), and messages pass as calls.
import { pathToFileURL } from 'node:url'
import type { EngineToMain, MainToEngine } from '../../../shared/engine-protocol'
import type { EngineHost, InProcessEngineModule } from '../../../shared/in-process-engine'
import type { EngineLauncher } from '../ports'

/**
 * Each message is copied, as the process boundary copied it: main keeps and changes what it
 * sent (jobs, connections whose credentials it refreshes), the engine keeps what it reports
 * (outcomes, notes), and neither may see the other's later changes. The copy is the structured
 * clone Node's 'advanced' IPC serialization made, without the pipe and the second parse.
 */
const copy = <T>(message: T): T => structuredClone(message)

export function inProcessEngine(modulePath: string): EngineLauncher {
  return () => {
    let alive = true
    let toMain: ((message: EngineToMain) => void) | undefined
    const early: EngineToMain[] = []
    const exitListeners: ((code: number | null) => void)[] = []
    const exit = (code: number | null) => {
      if (!alive) return
      alive = false
      process.off('SIGTERM', onTerm)
      for (const listener of exitListeners.splice(0)) listener(code)
    }
    // SIGTERM (`kill PID`, a service manager): an engine process heard its parent go and paused
    // its jobs, so their journals said paused rather than interrupted. Here they pause before
    // the signal, raised again, ends the process as it would have; a second SIGTERM ends it now.
    const onTerm = () => {
      void engine.then((host) => host?.stop()).finally(() => process.kill(process.pid, 'SIGTERM'))
    }
    process.once('SIGTERM', onTerm)
    // Delivered on a later turn, as a process's messages are: neither side runs inside the
    // other's call stack, and 'ready' reaches a listener set after launch.
    const post = (message: EngineToMain) => {
      if (!alive) return
      const copied = copy(message)
      queueMicrotask(() => {
        if (!alive) return
        if (toMain) toMain(copied)
        else early.push(copied)
      })
    }
    // What an engine process that threw would do: say why on stderr and exit with 1; main fails
    // the open requests with "the transfer engine stopped unexpectedly", and they resume.
    const crash = (e: unknown, host?: EngineHost) => {
      process.stderr.write(`ferry: the transfer engine stopped: ${String(e)}\n`)
      void host?.stop()
      exit(1)
    }
    const engine: Promise<EngineHost | undefined> = import(pathToFileURL(modulePath).href)
      .then((module: InProcessEngineModule) => module.startEngine(post))
      .catch((e: unknown) => {
        crash(e)
        return undefined
      })
    return {
      send: (message: MainToEngine) => {
        if (!alive) return
        if (message.type === 'shutdown') {
          void engine.then(async (host) => {
            await host?.stop()
            exit(0)
          })
          return
        }
        const copied = copy(message)
        void engine.then((host) => {
          if (!alive || !host) return
          try {
            host.receive(copied)
          } catch (e) {
            crash(e, host)
          }
        })
      },
      onMessage: (listener) => {
        toMain = listener
        for (const m of early.splice(0)) listener(m)
      },
      onExit: (listener) => {
        if (alive) exitListeners.push(listener)
      },
      // No process to kill: its jobs pause (journals stay resumable) and nothing more is heard.
      kill: () => {
        void engine.then((host) => host?.stop())
        exit(null)
      },
      pid: undefined,
    }
  }
}
