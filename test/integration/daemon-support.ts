// Helpers for the daemon tests: a `ferry daemon` child process over a temporary state folder,
// `ferry send` runs (one process per file, as scripts use it), many of them from parallel
// clients, and the daemon's timing log read back.
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { TimingRecord } from '../../src/main/daemon/queue-records'
import { readTimingLog } from '../../src/main/daemon/timing-stats'
import { testConnection } from '../support/s3'
import { ferryBin, root } from './upload-support'

/** The daemon's environment as s3daemon documents it, plus a private state folder. */
export function daemonEnv(stateDir: string, endpoint = testConnection().endpoint): NodeJS.ProcessEnv {
  const c = testConnection()
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FERRY_STATE_DIR: stateDir,
    S3_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: c.credentials!.accessKeyId,
    AWS_SECRET_ACCESS_KEY: c.credentials!.secretAccessKey,
    AWS_REGION: c.region,
    // Plain http to the test server: loading the extra CA bundle would only add ~0.15 s of
    // CPU to each of the hundreds of `ferry send` processes these tests start.
    NODE_EXTRA_CA_CERTS: '',
  }
  delete env['AWS_ENDPOINT_URL']
  delete env['AWS_ENDPOINT_URL_S3']
  delete env['AWS_PROFILE']
  return env
}

export interface DaemonProcess {
  child: ChildProcess
  pid: number
  stderr: () => string
  /** SIGTERM, then the exit code. */
  stop: () => Promise<number | null>
  exited: Promise<number | null>
}

export async function startDaemon(env: NodeJS.ProcessEnv, args: string[] = []): Promise<DaemonProcess> {
  const child = spawn(process.execPath, [ferryBin, 'daemon', ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d))
  child.stdout!.resume()
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the daemon did not start in 30 s:\n${stderr}`)), 30_000)
    const check = () => {
      if (stderr.includes('listening on')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stderr!.on('data', check)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`the daemon exited (${code}) before listening:\n${stderr}`))
    })
  })
  return {
    child,
    pid: child.pid!,
    stderr: () => stderr,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      return exited
    },
  }
}

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

export function ferry(args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ferryBin, ...args], { cwd: root, env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** `ferry send` for each item, from `clients` loops running side by side. */
export async function sendAll(
  items: { file: string; dest: string }[],
  env: NodeJS.ProcessEnv,
  options: { clients: number; extra?: string[]; onResult?: (i: number, result: RunResult) => void },
): Promise<RunResult[]> {
  const results: RunResult[] = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      for (let i = next++; i < items.length; i = next++) {
        const { file, dest } = items[i]!
        const result = await ferry(['send', ...(options.extra ?? []), file, dest], env)
        results[i] = result
        options.onResult?.(i, result)
      }
    }),
  )
  return results
}

/** The timing log as it is now: the daemon may be appending its last line while we read. */
export const readTimings = (stateDir: string): TimingRecord[] =>
  readTimingLog(join(stateDir, 'daemon', 'timings.jsonl'))

/** Reads objects back, several at once, and returns the keys whose bytes differ from the files'. */
export async function mismatchedObjects(
  client: S3Client,
  bucket: string,
  expected: { key: string; bytes: Buffer }[],
  parallel = 16,
): Promise<string[]> {
  const bad: string[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let i = next++; i < expected.length; i = next++) {
        const { key, bytes } = expected[i]!
        try {
          const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
          const got = Buffer.from(await out.Body!.transformToByteArray())
          if (!got.equals(bytes)) bad.push(`${key} (${got.length} bytes, expected ${bytes.length})`)
        } catch (e) {
          bad.push(`${key} (${(e as Error).name})`)
        }
      }
    }),
  )
  return bad.sort()
}
