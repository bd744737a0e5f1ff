// The engine's side of the protocol, whatever carries the messages: a process (entry.ts: the
// app's utility process, the daemon's and the tests' child processes) or a function call
// inside the CLI's own process (in-process.ts).
import type { EngineToMain } from '../../shared/engine-protocol'
import type { EngineHost } from '../../shared/in-process-engine'
import { batchedOutbox } from './engine-outbox'
import { JobRunner } from './job-runner'

export function startEngine(post: (message: EngineToMain) => void): EngineHost {
  const outbox = batchedOutbox(post)
  const runner = new JobRunner(outbox.send)
  let stopped: Promise<void> | undefined
  const host: EngineHost = {
    receive: (message) => runner.handle(message),
    stop: () =>
      (stopped ??= runner.shutdown().then(() => {
        outbox.flush()
      })),
  }
  outbox.send({ type: 'ready', pid: process.pid })
  return host
}
