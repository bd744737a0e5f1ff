// Local sources for the stream tests, on 127.0.0.1: an HTTP server whose behaviour each test
// picks (ranges or not, chunked without a length, connections dropped mid-body, files that
// change, a bandwidth limit so a test can kill the engine midway, digests in headers,
// redirects and basic auth), and an FTP server (Debian's python3-pyftpdlib). Every request
// is recorded, so a test can count the ranges a resume fetched.
import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface HttpSourceOptions {
  /** Serve byte ranges (206) and announce them (default true). */
  ranges?: boolean
  /** Transfer-Encoding: chunked, no Content-Length, on GET and HEAD. */
  chunked?: boolean
  /** Cut this many GET responses off after `dropAfter` body bytes. */
  drops?: number
  dropAfter?: number
  /** All responses together send at most this many bytes a second. */
  bytesPerSecond?: number
  /** Offer the file's digest in this header. */
  digestHeader?: 'content-md5' | 'digest' | 'repr-digest'
  /** Require basic auth with these credentials (401 otherwise). */
  auth?: { user: string; password: string }
  /** Answer the first this-many requests with 503 Service Unavailable. */
  unavailable?: number
  /** Refuse every request for this path with 403. */
  forbidden?: string
  /** Serve https:// with this certificate (PEM), e.g. one signed by the run's CA (net-servers.sh). */
  tls?: { cert: string; key: string }
}

export interface RecordedRequest {
  method: string
  path: string
  range?: string
  ifRange?: string
}

export interface HttpSource {
  url(name: string): string
  /** Replaces (or adds) a file: new bytes, new ETag, new Last-Modified. */
  put(name: string, bytes: Buffer): void
  /** Takes a file away: its URL answers 404 from now on. */
  remove(name: string): void
  requests: RecordedRequest[]
  /** GETs with a Range header for this file. */
  rangeGets(name: string): RecordedRequest[]
  close(): Promise<void>
}

interface Served {
  bytes: Buffer
  etag: string
  lastModified: string
}

const SLICE = 64 * 1024

export async function startHttpSource(options: HttpSourceOptions = {}): Promise<HttpSource> {
  const files = new Map<string, Served>()
  const requests: RecordedRequest[] = []
  const sockets = new Set<Socket>()
  let version = 0
  let drops = options.drops ?? 0
  let unavailable = options.unavailable ?? 0
  let nextFree = Date.now()
  const ranges = options.ranges ?? true

  const pace = async (n: number) => {
    if (!options.bytesPerSecond) return
    const now = Date.now()
    nextFree = Math.max(nextFree, now) + (n / options.bytesPerSecond) * 1000
    const wait = nextFree - now
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const record: RecordedRequest = { method: req.method ?? '', path }
    if (typeof req.headers.range === 'string') record.range = req.headers.range
    if (typeof req.headers['if-range'] === 'string') record.ifRange = req.headers['if-range']
    requests.push(record)
    if (unavailable > 0) {
      unavailable--
      res.writeHead(503).end()
      return
    }
    if (path.startsWith('/redirect/')) {
      res.writeHead(302, { location: `/${path.slice('/redirect/'.length)}` }).end()
      return
    }
    if (options.auth) {
      const expected = `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}`
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="ferry"' }).end()
        return
      }
    }
    if (options.forbidden && path === `/${options.forbidden}`) {
      res.writeHead(403).end()
      return
    }
    const file = files.get(path.slice(1))
    if (!file) {
      res.writeHead(404).end()
      return
    }
    const headers: Record<string, string> = {
      etag: file.etag,
      'last-modified': file.lastModified,
      'content-type': 'application/octet-stream',
      'accept-ranges': ranges ? 'bytes' : 'none',
    }
    if (options.digestHeader) {
      const md5 = createHash('md5').update(file.bytes).digest('base64')
      const sha = createHash('sha256').update(file.bytes).digest('base64')
      if (options.digestHeader === 'content-md5') headers['content-md5'] = md5
      if (options.digestHeader === 'digest') headers['digest'] = `md5=${md5}`
      if (options.digestHeader === 'repr-digest') headers['repr-digest'] = `sha-256=:${sha}:`
    }
    let start = 0
    let end = file.bytes.length
    let status = 200
    const m = /^bytes=(\d+)-(\d*)$/.exec(record.range ?? '')
    const ifRangeOk =
      record.ifRange === undefined || record.ifRange === file.etag || record.ifRange === file.lastModified
    if (ranges && m && ifRangeOk) {
      start = Number(m[1])
      end = m[2] ? Math.min(Number(m[2]) + 1, file.bytes.length) : file.bytes.length
      if (start >= file.bytes.length) {
        res.writeHead(416, { 'content-range': `bytes */${file.bytes.length}` }).end()
        return
      }
      status = 206
      headers['content-range'] = `bytes ${start}-${end - 1}/${file.bytes.length}`
    }
    if (!options.chunked) headers['content-length'] = String(end - start)
    res.writeHead(status, headers)
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    const cutAt = drops > 0 && options.dropAfter !== undefined ? options.dropAfter : undefined
    if (cutAt !== undefined) drops--
    let sent = 0
    for (let at = start; at < end; at += SLICE) {
      const slice = file.bytes.subarray(at, Math.min(end, at + SLICE))
      if (cutAt !== undefined && sent + slice.length > cutAt) {
        // Flushed, then closed: the client gets exactly cutAt bytes of a longer body.
        res.write(slice.subarray(0, cutAt - sent))
        req.socket.end()
        return
      }
      await pace(slice.length)
      if (res.destroyed) return
      if (!res.write(slice)) await new Promise((r) => res.once('drain', r))
      sent += slice.length
    }
    res.end()
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => res.destroy())
  }
  const server = options.tls ? createTlsServer(options.tls, onRequest) : createServer(onRequest)
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  const creds = options.auth ? `${options.auth.user}:${options.auth.password}@` : ''
  return {
    url: (name) => `${options.tls ? 'https' : 'http'}://${creds}127.0.0.1:${port}/${name}`,
    remove(name) {
      files.delete(name)
    },
    put(name, bytes) {
      version++
      files.set(name, {
        bytes,
        etag: `"v${version}-${createHash('md5').update(bytes).digest('hex').slice(0, 12)}"`,
        // Seconds resolution (HTTP dates): the ETag tells versions of the same second apart.
        lastModified: new Date(Date.now() - 60_000 + version * 1000).toUTCString(),
      })
    },
    requests,
    rangeGets: (name) => requests.filter((r) => r.method === 'GET' && r.path === `/${name}` && r.range),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy()
        server.close(() => r())
      }),
  }
}

// pyftpdlib with a throttled data channel, printing each RETR (with its REST offset) on stdout.
const FTP_SERVER = `
import sys
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler, ThrottledDTPHandler
from pyftpdlib.servers import FTPServer
folder, limit = sys.argv[1], int(sys.argv[2])
auth = DummyAuthorizer()
auth.add_anonymous(folder)
auth.add_user('ann', 'pw', folder, perm='elr')
class Dtp(ThrottledDTPHandler):
    write_limit = limit if limit > 0 else 0
class Handler(FTPHandler):
    authorizer = auth
    dtp_handler = Dtp if limit > 0 else FTPHandler.dtp_handler
    passive_ports = None
    def ftp_RETR(self, file):
        print('RETR %d' % (self._restart_position,), flush=True)
        return FTPHandler.ftp_RETR(self, file)
import logging
logging.basicConfig(level=logging.ERROR)
server = FTPServer(('127.0.0.1', 0), Handler)
print('PORT %d' % server.address[1], flush=True)
server.serve_forever()
`

export interface FtpSource {
  url(name: string, auth?: boolean): string
  put(name: string, bytes: Buffer): void
  /** REST offsets of every RETR so far (0 for a plain RETR). */
  retrievals: number[]
  close(): Promise<void>
}

/** Needs /usr/bin/python3 with pyftpdlib (Debian: python3-pyftpdlib; scripts/test.sh installs it). */
export async function startFtpSource(bytesPerSecond = 0): Promise<FtpSource> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-ftp-'))
  const child = spawn('/usr/bin/python3', ['-c', FTP_SERVER, dir, String(bytesPerSecond)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const retrievals: number[] = []
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      for (;;) {
        const nl = out.indexOf('\n')
        if (nl < 0) break
        const line = out.slice(0, nl)
        out = out.slice(nl + 1)
        const p = /^PORT (\d+)$/.exec(line)
        if (p) resolve(Number(p[1]))
        const r = /^RETR (\d+)$/.exec(line)
        if (r) retrievals.push(Number(r[1]))
      }
    })
    child.on('exit', (code) => reject(new Error(`the FTP server exited (${code}): ${stderr}`)))
  })
  return {
    url: (name, auth) => `ftp://${auth ? 'ann:pw@' : ''}127.0.0.1:${port}/${name}`,
    put: (name, bytes) => writeFileSync(join(dir, name), bytes),
    retrievals,
    close: async () => {
      child.kill()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export const randomSource = (size: number): Buffer => randomBytes(size)
