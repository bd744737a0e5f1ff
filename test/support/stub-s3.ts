// The project's AWS-like S3 stub (scripts/bench/stub-s3.mjs), started in a process of its own
// for what no server here does: AWS's checksum rules, SSE-KMS objects with ETags that are not
// MD5s, R2's multipart ETags, archived objects. Its flags pick the store it stands in for; it
// keeps object bytes (and answers GETs) only with --keep-bytes. Any credentials are accepted.
import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { S3Client } from '@aws-sdk/client-s3'
import type { EngineConnection } from '../../src/shared/engine-protocol'

const stubPath = resolve(import.meta.dirname, '../../scripts/bench/stub-s3.mjs')

export interface Stub {
  endpoint: string
  /** The connection Ferry's engine and core take for it. */
  connection: EngineConnection
  /** An SDK client for it (any credentials; path style; no default checksums of its own). */
  client: S3Client
  stop(): Promise<void>
}
export type StubServer = Stub

export async function startStub(flags: string[] = []): Promise<Stub> {
  const child: ChildProcess = spawn(process.execPath, [stubPath, '--port', '0', ...flags], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const endpoint = await new Promise<string>((resolveEndpoint, reject) => {
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      const m = /^STUB_S3_ENDPOINT=(.+)$/.exec(line)
      if (m) resolveEndpoint(m[1]!)
    })
    child.once('exit', (code) => reject(new Error(`the S3 stub exited with ${code} before it listened`)))
  })
  const credentials = { accessKeyId: 'STUBACCESSKEY', secretAccessKey: 'stub-secret' }
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
  return {
    endpoint,
    connection: { endpoint, region: 'us-east-1', pathStyle: true, credentials },
    client,
    stop: async () => {
      client.destroy()
      if (child.exitCode !== null) return
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    },
  }
}
