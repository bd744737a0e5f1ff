// The engine process: a utility process in the app, a child process under Node (the daemon,
// the tests). It holds the S3 clients and the file handles; main sends it jobs by message.
// The CLI's one-shot commands run the same engine inside their own process (in-process.ts).
import type { EngineToMain, MainToEngine } from '../../shared/engine-protocol'
import { traceRequestsTo } from '../s3/request-trace'
import { startEngine } from './engine-host'

// The SDK warns on Node < 22 through process.emitWarning, which would land on the CLI's stderr.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true'

// FERRY_DEBUG=1: the engine's requests go to the stderr it shares with its parent.
if (process.env['FERRY_DEBUG'] === '1') traceRequestsTo((line) => process.stderr.write(line))

const post = (message: EngineToMain): void => {
  if (process.parentPort) process.parentPort.postMessage(message)
  else if (process.connected) process.send?.(message)
}

const host = startEngine(post)

const stop = (code: number): Promise<never> => host.stop().then(() => process.exit(code))

const onMessage = (message: MainToEngine): void => {
  if (message.type === 'shutdown') void stop(0)
  else host.receive(message)
}

if (process.parentPort) process.parentPort.on('message', (e) => onMessage(e.data as MainToEngine))
else {
  process.on('message', (m) => onMessage(m as MainToEngine))
  // The parent died (kill -9 of the daemon): pause everything so journals say so, then go.
  process.on('disconnect', () => void stop(0))
}
