// The network around the test server (scripts/net-servers.sh, started by the global setup):
// TLS fronts signed by the run's certificate authority, tinyproxy, and what a test reads of them.
import { readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

const required = (name: string): string => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: the integration setup starts scripts/net-servers.sh`)
  return value
}

export const net = {
  caDir: () => required('FERRY_TEST_CA_DIR'),
  caFile: () => join(required('FERRY_TEST_CA_DIR'), 'ca.pem'),
  tls: () => required('FERRY_TEST_TLS_ENDPOINT'),
  wrongHost: () => required('FERRY_TEST_TLS_WRONG_HOST_ENDPOINT'),
  expired: () => required('FERRY_TEST_TLS_EXPIRED_ENDPOINT'),
  proxy: () => required('FERRY_TEST_PROXY'),
  strictProxy: () => required('FERRY_TEST_PROXY_STRICT'),
  /** tinyproxy asking for the user "ferry" with the password "proxy-secret". */
  authProxy: () => required('FERRY_TEST_PROXY_AUTH'),
  /** microsocks, a SOCKS5 proxy: socks5://127.0.0.1:PORT. */
  socks: () => required('FERRY_TEST_SOCKS'),
  /** The certificate and key the good front serves (for https:// sources). */
  serverCert: () => ({
    cert: readFileSync(join(required('FERRY_TEST_CA_DIR'), 'server.pem'), 'utf8'),
    key: readFileSync(join(required('FERRY_TEST_CA_DIR'), 'server.key'), 'utf8'),
  }),
}

/** The lines tinyproxy logs from now on: read() returns what it logged since mark() was called. */
export function proxyLog(): { read: () => string[] } {
  const path = required('FERRY_TEST_PROXY_LOG')
  const from = statSync(path).size
  return {
    read: () => readFileSync(path).subarray(from).toString('utf8').split('\n').filter(Boolean),
  }
}

/** The HOST:PORTs microsocks connected to since this call. */
export function socksLog(): { connections: () => string[] } {
  const path = required('FERRY_TEST_SOCKS_LOG')
  const from = statSync(path).size
  return {
    connections: () =>
      readFileSync(path)
        .subarray(from)
        .toString('utf8')
        .split('\n')
        .flatMap((l) => {
          const m = /: connected to (\S+)$/.exec(l)
          return m ? [m[1]!] : []
        }),
  }
}

/** The requests tinyproxy passed on: "CONNECT 127.0.0.1:7443", "PUT http://127.0.0.1:7480/b/k". */
export const proxiedRequests = (lines: string[]): string[] =>
  lines.flatMap((l) => {
    const m = /Request \(file descriptor \d+\): (\S+ \S+)/.exec(l)
    return m ? [m[1]!] : []
  })

/**
 * A proxy of this test's own that counts the connections made to it and serves none: tinyproxy's
 * log is shared with the files running beside this one, so it cannot show that nothing was sent.
 */
export async function countingProxy(): Promise<{
  url: string
  connections: () => number
  close: () => Promise<void>
}> {
  let connections = 0
  const server = createServer((socket) => {
    connections++
    socket.destroy()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

/** A port on 127.0.0.1 where nothing listens: a proxy that is down. */
export async function deadPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  await new Promise((r) => server.close(r))
  return port
}

export const hostPort = (url: string): string => new URL(url).host
