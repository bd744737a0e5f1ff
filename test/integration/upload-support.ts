// Helpers for the transfer tests: files, a transfer manager over the built engine, a
// bandwidth-limited path to the real S3 server (so a test can interrupt an upload midway),
// and reading objects back.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { GetObjectCommand, ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3'
import { childProcessEngine } from '../../src/main/core/node-adapters/child-engine'
import type { EngineProcess } from '../../src/main/core/ports'
import { TransferManager, type TransferManagerDeps } from '../../src/main/core/transfers/transfer-manager'
import type { EngineConnection } from '../../src/shared/engine-protocol'
import { testConnection } from '../support/s3'

export const root = resolve(import.meta.dirname, '../..')
export const enginePath = resolve(root, 'out/main/engine.js')
export const ferryBin = resolve(root, 'bin/ferry.js')
export const MiB = 1024 * 1024

export function tempDir(label: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `ferry-${label}-`))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export function writeRandomFile(path: string, size: number): Buffer {
  const bytes = randomBytes(size)
  writeFileSync(path, bytes)
  return bytes
}

/** Sets environment variables (engines are forked with them); returns what puts them back. */
export function setEnv(vars: Record<string, string>): () => void {
  const before = Object.entries(vars).map(([name]) => [name, process.env[name]] as const)
  Object.assign(process.env, vars)
  return () => {
    for (const [name, value] of before) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}

/** A manager whose engine processes are recorded, so a test can kill one. */
export function testManager(
  journalDir: string,
  extra: Partial<TransferManagerDeps> = {},
): { manager: TransferManager; engines: EngineProcess[] } {
  const engines: EngineProcess[] = []
  const launch = childProcessEngine(enginePath, {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  })
  const manager = new TransferManager({
    journalDir,
    launchEngine: () => {
      const engine = launch()
      engines.push(engine)
      return engine
    },
    changeIntervalMs: 20,
    ...extra,
  })
  return { manager, engines }
}

export async function readObject(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
  return Buffer.from(await out.Body!.transformToByteArray())
}

export async function openUploads(
  client: S3Client,
  bucket: string,
): Promise<{ key: string; uploadId: string }[]> {
  const out = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))
  return (out.Uploads ?? []).map((u) => ({ key: u.Key ?? '', uploadId: u.UploadId ?? '' }))
}

/** Part records in a journal so far (the file may be mid-write). */
export function journaledParts(path: string): number[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return []
  }
  const afterLastHeader = text.slice(text.lastIndexOf('"t":"header"'))
  return [...afterLastHeader.matchAll(/"t":"part","n":(\d+)/g)].map((m) => Number(m[1]))
}

export async function waitUntil(
  what: string,
  test: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** Opens the upstream side of a relayed connection; either side closing drops both. */
function relayTo(target: URL, client: Socket, sockets: Set<Socket>): Socket {
  const upstream = createConnection({ host: target.hostname, port: Number(target.port) })
  sockets.add(client).add(upstream)
  const drop = () => {
    client.destroy()
    upstream.destroy()
  }
  client.on('error', drop).on('close', drop)
  upstream.on('error', drop).on('close', drop)
  return upstream
}

/**
 * A TCP relay to the S3 server (or another endpoint: a slow link) that can be taken down (its
 * port then refuses connections, as a store out of reach does) and brought back on the same port.
 */
export async function switchableRelay(endpoint: string = testConnection().endpoint): Promise<{
  endpoint: string
  down: () => Promise<void>
  up: () => Promise<void>
}> {
  const target = new URL(endpoint)
  const sockets = new Set<Socket>()
  let server: Server | undefined
  let port = 0
  const up = async () => {
    const listening = createServer((client) => client.pipe(relayTo(target, client, sockets)).pipe(client))
    server = listening
    await new Promise<void>((r) => listening.listen(port, '127.0.0.1', r))
    port = (listening.address() as { port: number }).port
  }
  const down = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy()
      sockets.clear()
      if (!server) return r()
      server.close(() => r())
      server = undefined
    })
  await up()
  return { endpoint: `http://127.0.0.1:${port}`, down, up }
}

/**
 * A TCP relay to the S3 server (or another endpoint) that lets request bodies through at
 * `bytesPerSecond` (all connections together): the server behind a slow uplink, so uploads
 * last long enough to pause, cancel or kill midway.
 */
export async function slowLink(
  bytesPerSecond: number,
  endpoint: string = testConnection().endpoint,
): Promise<{ connection: EngineConnection; close: () => Promise<void> }> {
  const target = new URL(endpoint)
  let nextFree = Date.now()
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    const upstream = relayTo(target, client, sockets)
    upstream.pipe(client)
    client.on('data', (chunk: Buffer) => {
      const now = Date.now()
      nextFree = Math.max(nextFree, now) + (chunk.length / bytesPerSecond) * 1000
      const wait = nextFree - now
      client.pause()
      setTimeout(() => {
        if (!upstream.destroyed) upstream.write(chunk)
        client.resume()
      }, wait)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return {
    connection: { ...testConnection(), endpoint: `http://127.0.0.1:${port}` },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy()
        server.close(() => r())
      }),
  }
}

/** Runs the built `ferry` command and collects its output; `as` runs it as another user (root only). */
export function runFerry(
  args: string[],
  env: NodeJS.ProcessEnv,
  as: { uid?: number; gid?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ferryBin, ...args], { cwd: root, env, ...as })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/**
 * Starts `ferry ARGS` in a process group of its own. `stop('SIGKILL')` kills the group (the CLI
 * and its engine: no chance to clean up); another signal goes to the CLI alone, as a terminal's
 * Ctrl-C reaches it. Either way it resolves once the CLI has exited.
 */
export function startFerry(
  args: string[],
  env: NodeJS.ProcessEnv,
): { stop(signal: NodeJS.Signals): Promise<void> } {
  const child = spawn(process.execPath, [ferryBin, ...args], {
    cwd: root,
    env,
    detached: true,
    stdio: 'ignore',
  })
  const exited = new Promise<void>((r) => child.on('exit', () => r()))
  return {
    async stop(signal) {
      if (signal === 'SIGKILL') process.kill(-child.pid!, 'SIGKILL')
      else child.kill(signal)
      await exited
    },
  }
}

/** Runs `ferry ARGS` (startFerry), waits until `ready()`, then kills it with SIGKILL. */
export async function killWhen(
  args: string[],
  env: NodeJS.ProcessEnv,
  what: string,
  ready: () => boolean | Promise<boolean>,
  timeoutMs?: number,
): Promise<void> {
  const run = startFerry(args, env)
  await waitUntil(what, ready, timeoutMs)
  await run.stop('SIGKILL')
}

/** killWhen the first journal in `journalDir` holds `parts` part records; returns its path. */
export async function killedAfterParts(
  args: string[],
  env: NodeJS.ProcessEnv,
  journalDir: string,
  parts: number,
): Promise<string> {
  let journal = ''
  await killWhen(args, env, `${parts} parts are journaled`, () => {
    let names: string[] = []
    try {
      names = readdirSync(journalDir)
    } catch {
      // Not created yet.
    }
    if (names[0]) journal = join(journalDir, names[0])
    return journal !== '' && journaledParts(journal).length >= parts
  })
  return journal
}
