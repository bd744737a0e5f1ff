// The project's AWS-like stub (scripts/bench/stub-s3.mjs) in a process of its own, for what
// radosgw cannot do (archived objects). Any credentials are accepted.
import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import type { EngineConnection } from '../../src/shared/engine-protocol'

const script = resolve(import.meta.dirname, '../../scripts/bench/stub-s3.mjs')

export interface StubServer {
  endpoint: string
  connection: EngineConnection
  stop(): Promise<void>
}

export function startStub(args: string[] = []): Promise<StubServer> {
  const child: ChildProcess = spawn(process.execPath, [script, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolvePromise, reject) => {
    child.once('exit', (code) => reject(new Error(`the S3 stub exited with ${code} before listening`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const endpoint = /^STUB_S3_ENDPOINT=(.+)$/.exec(line)?.[1]
      if (!endpoint) return
      resolvePromise({
        endpoint,
        connection: {
          endpoint,
          region: 'us-east-1',
          pathStyle: true,
          credentials: { accessKeyId: 'STUBACCESSKEY', secretAccessKey: 'stub-secret' },
        },
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done()
            child.once('exit', () => done())
            child.kill('SIGTERM')
          }),
      })
    })
  })
}
