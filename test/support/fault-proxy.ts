// An HTTP proxy on 127.0.0.1 between the engine and the real S3 server that injects faults
// on purpose: connections reset in the middle of a request body, 500 and 503 SlowDown
// answers, responses held back past the client's idle timeout, answers of any S3 error once,
// and a blackout in which every request hangs. Which request gets which fault comes from a
// seeded generator, so a failing run can be replayed; modes switch while uploads run.
//
// It forwards the Host header untouched: the client signed it, and the server checks it.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

export interface FaultModes {
  /** Chance that a request with a body has its connection reset halfway through the body. */
  reset?: number
  /** Chance of a 500 InternalError answer (the request never reaches the server). */
  error500?: number
  /** Chance of a 503 SlowDown answer. */
  slowDown?: number
  /** Chance that the server's answer is held back for stallMs before it is sent. */
  stall?: number
  stallMs?: number
  /** Request bodies pass at this rate, all connections together: a slow uplink, so uploads last. */
  bytesPerSecond?: number
}

/** One S3 error to answer to the next requests that match, then forward again. */
export interface ScriptedError {
  status: number
  code: string
  message?: string
  /** How many requests get it (default 1). */
  times?: number
  /** The Date header of the answer is this far from now (a server whose clock differs). */
  dateOffsetMs?: number
  /** Only requests for which this is true (default: any). */
  match?: (req: { method: string; url: string }) => boolean
  /** Instead of an error answer: forward the request, and hold the server's answer back this long. */
  holdMs?: number
}

export type FaultKind = 'reset' | 'error500' | 'slowDown' | 'stall' | 'blackout' | 'scripted'

export interface ProxiedRequest {
  method: string
  url: string
  at: number
  /** The fault injected, if any. */
  fault?: FaultKind
  /** The status the client saw, when it saw one. */
  status?: number
}

export interface FaultProxy {
  endpoint: string
  /** Every request the proxy received, in order. */
  readonly log: ProxiedRequest[]
  setModes(modes: FaultModes): void
  /** Answers matching requests with an S3 error (e.g. 400 ExpiredToken) before forwarding again. */
  script(error: ScriptedError): void
  /** Every request hangs for ms (nothing read, nothing answered), then traffic flows again. */
  blackout(ms: number): Promise<void>
  readonly blackedOut: boolean
  close(): Promise<void>
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const errorXml = (code: string, message: string, resource: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
  `<Resource>${resource.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Resource>` +
  `<RequestId>fault-proxy</RequestId></Error>`

function answerError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  url: string,
  dateOffsetMs = 0,
): void {
  const date = new Date(Date.now() + dateOffsetMs)
  const body = errorXml(code, message, url).replace(
    '<RequestId>',
    code === 'RequestTimeTooSkewed'
      ? `<ServerTime>${date.toISOString()}</ServerTime><RequestId>`
      : '<RequestId>',
  )
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
    date: date.toUTCString(),
  })
  res.end(body)
}

const pairs = (raw: string[]): [string, string][] =>
  Array.from({ length: raw.length / 2 }, (_, i) => [raw[2 * i]!, raw[2 * i + 1]!])

export async function startFaultProxy(target: string, seed = 1): Promise<FaultProxy> {
  const upstream = new URL(target)
  const random = seededRandom(seed)
  const log: ProxiedRequest[] = []
  const sockets = new Set<Socket>()
  const scripted: ScriptedError[] = []
  let modes: FaultModes = {}
  let blackoutUntil = 0
  let blackoutEnded: Promise<void> = Promise.resolve()
  let nextFree = 0

  const blackedOut = () => Date.now() < blackoutUntil
  // A request caught by a blackout waits here; its client gives up on it long before.
  const afterBlackout = async () => {
    while (blackedOut()) await blackoutEnded
  }

  const forward = (
    req: IncomingMessage,
    res: ServerResponse,
    entry: ProxiedRequest,
    resetAt?: number,
    holdMs?: number,
  ) => {
    const out = httpRequest({
      host: upstream.hostname,
      port: Number(upstream.port),
      method: req.method,
      path: req.url,
      headers: req.headers,
    })
    out.on('error', (e) => {
      if (process.env['FAULT_PROXY_DEBUG']) console.log('upstream error', e)
      req.socket.destroy()
    })
    out.on('response', (answer) => {
      const send = async () => {
        if (entry.fault === 'stall') await new Promise((r) => setTimeout(r, holdMs ?? modes.stallMs ?? 5000))
        await afterBlackout()
        if (res.destroyed || req.socket.destroyed) {
          answer.destroy()
          return
        }
        entry.status = answer.statusCode ?? 0
        let headers = answer.rawHeaders
        if (!req.complete) {
          // The server answered before the whole body arrived (a refusal): as a real proxy
          // does, close the client's connection after the answer, or the rest of the body,
          // which the server no longer reads, would hold the socket the client reuses next.
          headers = pairs(headers)
            .filter(([name]) => name.toLowerCase() !== 'connection')
            .flat()
          headers.push('Connection', 'close')
        }
        res.writeHead(answer.statusCode ?? 502, headers)
        answer.pipe(res)
      }
      void send()
    })
    let seen = 0
    let chain = Promise.resolve()
    const pass = async (chunk: Buffer) => {
      const rate = modes.bytesPerSecond
      if (rate) {
        const now = Date.now()
        nextFree = Math.max(nextFree, now) + (chunk.length / rate) * 1000
        await new Promise((r) => setTimeout(r, nextFree - now))
      }
      // The link went dead mid-body: nothing more is read until it comes back.
      await afterBlackout()
      if (req.socket.destroyed || out.destroyed) return
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r))
      req.resume()
    }
    req.on('data', (chunk: Buffer) => {
      if (resetAt !== undefined && seen + chunk.length >= resetAt) {
        // Half a body reached the server, then the connection died: the server drops the
        // request, the client sees ECONNRESET or EPIPE.
        out.write(chunk.subarray(0, Math.max(0, resetAt - seen)))
        out.destroy()
        req.socket.resetAndDestroy()
        return
      }
      seen += chunk.length
      req.pause()
      chain = chain.then(() => pass(chunk))
    })
    // 'end' may come while the last chunk still waits for its turn.
    req.on('end', () => void chain.then(() => out.end()))
    req.on('close', () => {
      if (!req.complete) out.destroy()
    })
    res.on('close', () => out.destroy())
  }

  const server = createServer((req, res) => {
    const method = req.method ?? 'GET'
    const url = req.url ?? '/'
    const entry: ProxiedRequest = { method, url, at: Date.now() }
    log.push(entry)
    const handle = async () => {
      if (blackedOut()) {
        entry.fault = 'blackout'
        req.pause()
        await afterBlackout()
        if (req.socket.destroyed) return
        req.resume()
      }
      const i = scripted.findIndex((s) => !s.match || s.match({ method, url }))
      if (i >= 0) {
        const s = scripted[i]!
        s.times = (s.times ?? 1) - 1
        if (s.times <= 0) scripted.splice(i, 1)
        if (s.holdMs !== undefined) {
          entry.fault = 'stall'
          forward(req, res, entry, undefined, s.holdMs)
          return
        }
        entry.fault = 'scripted'
        entry.status = s.status
        req.resume()
        req.on('end', () => answerError(res, s.status, s.code, s.message ?? s.code, url, s.dateOffsetMs))
        return
      }
      const length = Number(req.headers['content-length'] ?? 0)
      const roll = random()
      let edge = 0
      const pick = (p: number | undefined) => {
        edge += p ?? 0
        return roll < edge
      }
      if (length > 0 && pick(modes.reset)) {
        entry.fault = 'reset'
        forward(req, res, entry, Math.floor(length / 2))
      } else if (pick(modes.error500)) {
        entry.fault = 'error500'
        entry.status = 500
        req.resume()
        req.on('end', () => answerError(res, 500, 'InternalError', 'We encountered an internal error.', url))
      } else if (pick(modes.slowDown)) {
        entry.fault = 'slowDown'
        entry.status = 503
        req.resume()
        req.on('end', () => answerError(res, 503, 'SlowDown', 'Please reduce your request rate.', url))
      } else if (pick(modes.stall)) {
        entry.fault = 'stall'
        forward(req, res, entry)
      } else forward(req, res, entry)
    }
    void handle()
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port

  return {
    endpoint: `http://127.0.0.1:${port}`,
    log,
    setModes: (next) => {
      modes = { ...next }
    },
    script: (error) => {
      scripted.push({ ...error })
    },
    get blackedOut() {
      return blackedOut()
    },
    blackout: (ms) => {
      blackoutUntil = Date.now() + ms
      blackoutEnded = new Promise((r) => setTimeout(r, ms))
      return blackoutEnded
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy()
        server.close(() => r())
      }),
  }
}
