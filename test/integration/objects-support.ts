// Helpers for the object, download and CLI integration tests (all against radosgw).
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { testClient, testConnection } from '../support/s3'

export interface SentRequest {
  command: string
  input: Record<string, unknown>
}

/** A test client that records every command it sends, to assert the S3 request sequence. */
export function recordingClient(): { client: S3Client; sent: SentRequest[] } {
  const client = testClient()
  const sent: SentRequest[] = []
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push({
        command: context.commandName ?? '?',
        input: { ...(args.input as Record<string, unknown>) },
      })
      return next(args)
    },
    { step: 'initialize', name: 'testRecorder' },
  )
  return { client, sent }
}

/** A real multipart object, uploaded with the SDK directly (not with Ferry). */
export async function putMultipart(
  client: S3Client,
  bucket: string,
  key: string,
  bytes: Buffer,
  partSize: number,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const { UploadId } = await client.send(
    new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ...extra }),
  )
  const parts = []
  for (let i = 0, n = 1; i < bytes.length; i += partSize, n++) {
    const out = await client.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        PartNumber: n,
        Body: bytes.subarray(i, i + partSize),
      }),
    )
    parts.push({ PartNumber: n, ETag: out.ETag! })
  }
  await client.send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      UploadId,
      MultipartUpload: { Parts: parts },
    }),
  )
}

const root = resolve(import.meta.dirname, '../..')
export const ferryBin = resolve(root, 'bin/ferry.js')

/** The environment the CLI reads its connection from, pointing at the test server. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const c = testConnection()
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    AWS_ENDPOINT_URL: c.endpoint,
    AWS_REGION: c.region,
    AWS_ACCESS_KEY_ID: c.credentials!.accessKeyId,
    AWS_SECRET_ACCESS_KEY: c.credentials!.secretAccessKey,
    // The SDK's Node 20 deprecation notice is not what these tests read.
    NODE_NO_WARNINGS: '1',
    ...extra,
  }
  return env
}

/** The same, with a state folder of the test's own and, when given, another endpoint (a proxy). */
export function cliStateEnv(stateDir: string, endpoint?: string): NodeJS.ProcessEnv {
  return cliEnv({ FERRY_STATE_DIR: stateDir, ...(endpoint ? { AWS_ENDPOINT_URL: endpoint } : {}) })
}

export interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Runs `ferry ARGS...`; `onSpawn` gets the child, e.g. to kill it mid-way. */
export function runCli(
  args: string[],
  options: {
    env?: NodeJS.ProcessEnv
    cwd?: string
    onStdout?: (text: string, kill: (signal?: NodeJS.Signals) => void) => void
  } = {},
): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [ferryBin, ...args], {
      env: options.env ?? cliEnv(),
      cwd: options.cwd ?? root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d
      options.onStdout?.(stdout, (signal = 'SIGKILL') => child.kill(signal))
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }))
  })
}

/** The JSON lines a --json command printed. */
export const jsonLines = (stdout: string): Record<string, unknown>[] =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
