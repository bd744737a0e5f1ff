// The engine process: a utility process in the app, a child process under Node.
import type { EngineToMain, MainToEngine } from '../../shared/engine-protocol'

const send = (message: EngineToMain) => process.parentPort?.postMessage(message) ?? process.send?.(message)

const onMessage = (message: MainToEngine) => {
  if (message.type === 'shutdown') process.exit(0)
}
if (process.parentPort) process.parentPort.on('message', (e) => onMessage(e.data as MainToEngine))
else process.on('message', (m) => onMessage(m as MainToEngine))
send({ type: 'ready', pid: process.pid })
