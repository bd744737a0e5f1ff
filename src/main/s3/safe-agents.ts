// S3 may answer a PUT early (404 NoSuchBucket, 403 AccessDenied) while its body is still being
// sent, then close the connection. By then Node's http client has detached from the socket, so
// the EPIPE of the body's remaining writes is an 'error' event nobody listens to, and the
// process crashes: in the engine, every transfer in it fails with "the engine stopped". The
// request already has its answer; that late socket error carries nothing to report.
import type { Agent as HttpAgent } from 'node:http'

const ignoreLateError = (): void => {}

/** The agent, with a listener on every socket it opens for errors that come after the answer. */
export function ignoringLateSocketErrors<A extends HttpAgent>(agent: A): A {
  const plain = agent as HttpAgent
  const create = plain.createConnection.bind(plain)
  plain.createConnection = (options, callback) => {
    const socket = create(options, callback)
    socket?.on('error', ignoreLateError)
    return socket
  }
  return agent
}
