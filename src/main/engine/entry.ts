// The engine process: a utility process in the app, a child process under Node (the CLI,
// the tests). It holds the S3 clients and the file handles; main sends it jobs by message.
import type { EngineToMain, MainToEngine } from '../../shared/engine-protocol'
import { traceRequestsTo } from '../s3/request-trace'
import { batchedOutbox } from './engine-outbox'
import { JobRunner } from './job-runner'

// The SDK warns on Node < 22 through process.emitWarning, which would land on the CLI's stderr.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true'

// `ferry --debug` (or FERRY_DEBUG=1): the engine's requests go to the stderr it shares with the CLI.
if (process.env['FERRY_DEBUG'] === '1') traceRequestsTo((line) => process.stderr.write(line))

const post = (message: EngineToMain): void => {
  if (process.parentPort) process.parentPort.postMessage(message)
  else if (process.connected) process.send?.(message)
}
const outbox = batchedOutbox(post)

const runner = new JobRunner(outbox.send)
let stopping = false

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true
    await runner.shutdown()
  }
  outbox.flush()
  process.exit(code)
}

const onMessage = (message: MainToEngine): void => {
  if (message.type === 'shutdown') void stop(0)
  else runner.handle(message)
}

if (process.parentPort) process.parentPort.on('message', (e) => onMessage(e.data as MainToEngine))
else {
  process.on('message', (m) => onMessage(m as MainToEngine))
  // The parent died (kill -9 of the CLI): pause everything so journals say so, then go.
  process.on('disconnect', () => void stop(0))
}
outbox.send({ type: 'ready', pid: process.pid })
