// S3 may answer a PUT early (404 NoSuchBucket, 403 AccessDenied) while its body is still being
// sent, then close the connection. By then Node's http client has detached from the socket, so
// the EPIPE of the body's remaining writes is an 'error' event nobody listens to, and the
// process crashes: in the engine, every transfer in it fails with "the engine stopped". The
// request already has its answer; that late socket error carries nothing to report.
import { Agent as HttpAgent, type ClientRequestArgs } from 'node:http'
import { Agent as HttpsAgent, type RequestOptions } from 'node:https'
import type { Duplex } from 'node:stream'

const ignoreLateError = (): void => {}

export class SafeHttpAgent extends HttpAgent {
  override createConnection(
    options: ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const socket = super.createConnection(options, callback)
    socket?.on('error', ignoreLateError)
    return socket
  }
}

export class SafeHttpsAgent extends HttpsAgent {
  override createConnection(
    options: RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const socket = super.createConnection(options, callback)
    socket?.on('error', ignoreLateError)
    return socket
  }
}
