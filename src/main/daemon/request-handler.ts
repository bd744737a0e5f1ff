// One client connection: lines in, requests validated, answers out. A client may send many
// requests on one connection; each answer names its request's id.
import type { Socket } from 'node:net'
import { toErrorValue } from '../../shared/errors'
import type { DaemonService } from './daemon-service'
import { encodeLine, LineSplitter, PROTOCOL_VERSION, type DaemonResponse, type RequestId } from './protocol'
import { requestSchema } from './request-schema'

function idOf(value: unknown): RequestId | null {
  if (typeof value !== 'object' || value === null) return null
  const id = (value as Record<string, unknown>)['id']
  return typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id)) ? id : null
}

export function serveConnection(socket: Socket, service: DaemonService): void {
  const splitter = new LineSplitter()
  const reply = (response: DaemonResponse): void => {
    if (!socket.destroyed && socket.writable) socket.write(encodeLine(response))
  }
  // A client that hung up is no reason for the daemon to log or stop; its jobs run on.
  socket.on('error', () => {})
  socket.on('data', (chunk: Buffer) => {
    let lines: string[]
    try {
      lines = splitter.push(chunk)
    } catch (e) {
      reply({
        id: null,
        event: 'failed',
        error: {
          code: 'bad-input',
          message: `the request is ${(e as Error).message}`,
          fix: 'Send one JSON request per line.',
        },
      })
      socket.end()
      return
    }
    for (const line of lines) void handleLine(line, service, reply)
  })
}

async function handleLine(
  line: string,
  service: DaemonService,
  reply: (r: DaemonResponse) => void,
): Promise<void> {
  let raw: unknown
  try {
    raw = JSON.parse(line)
  } catch {
    reply({
      id: null,
      event: 'failed',
      error: {
        code: 'bad-input',
        message: 'the request is not JSON',
        fix: 'Send one JSON request per line.',
      },
    })
    return
  }
  const parsed = requestSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    reply({
      id: idOf(raw),
      event: 'failed',
      error: {
        code: 'bad-input',
        message: `the request is not valid (${issue ? `${issue.path.join('.') || 'request'}: ${issue.message}` : 'unknown shape'})`,
        fix: 'Use ferry send, or follow the protocol in src/main/daemon/protocol.ts.',
      },
    })
    return
  }
  const request = parsed.data
  if (request.op === 'ping') {
    reply({ id: request.id, event: 'pong', pid: process.pid, version: PROTOCOL_VERSION, ...service.counts })
    return
  }
  let submitted
  try {
    submitted = await service.submit(request)
  } catch (e) {
    reply({ id: request.id, event: 'failed', error: toErrorValue(e) })
    return
  }
  reply({ id: request.id, event: 'queued', job: submitted.job })
  if (!submitted.result) return
  const result = await submitted.result
  reply(
    result.ok
      ? {
          id: request.id,
          event: 'done',
          job: submitted.job,
          bytes: result.bytes,
          etag: result.etag,
          verification: result.verification,
        }
      : { id: request.id, event: 'failed', job: submitted.job, error: result.error },
  )
}
