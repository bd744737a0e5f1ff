// `ferry get s3://B/KEY -` writes the object to standard output, checked as it goes: byte for
// byte into a pipe, a multipart object proven by its ETag, a connection cut mid-body continued
// from the byte reached (Range, If-Match), a byte changed on the way an error at the end, and a
// reader that stops early (| head) no error at all. Against radosgw, through a small proxy of
// this test's that cuts or alters the first answer's body.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer, request, type Server } from 'node:http'
import { join } from 'node:path'
import { CreateMultipartUploadCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { CompleteMultipartUploadCommand, UploadPartCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { cliStateEnv } from './objects-support'
import { ferryBin, MiB, root, tempDir } from './upload-support'

type Alter = 'cut' | 'flip' | undefined

/** Forwards to radosgw; the first GET answer's body is cut after 3 MiB, or has a byte flipped. */
function bodyProxy(target: string) {
  let alter: Alter
  const gets: { range?: string; ifMatch?: string }[] = []
  const server: Server = createServer((req, res) => {
    const url = new URL(target)
    // GetObject (the SDK adds x-id=GetObject), not a listing.
    const isGet = req.method === 'GET' && (req.url ?? '').includes('x-id=GetObject')
    if (isGet) {
      const seen: { range?: string; ifMatch?: string } = {}
      if (req.headers['range']) seen.range = String(req.headers['range'])
      if (req.headers['if-match']) seen.ifMatch = String(req.headers['if-match'])
      gets.push(seen)
    }
    const once = isGet ? alter : undefined
    if (isGet) alter = undefined
    const out = request(
      { host: url.hostname, port: url.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        let passed = 0
        answer.on('data', (chunk: Buffer) => {
          if (once === 'cut' && passed + chunk.length > 3 * MiB) {
            res.write(chunk.subarray(0, 3 * MiB - passed))
            res.socket?.destroy()
            answer.destroy()
            return
          }
          if (once === 'flip' && passed <= 1000 && passed + chunk.length > 1000) {
            chunk = Buffer.from(chunk)
            chunk[1000 - passed] = chunk[1000 - passed]! ^ 0xff
          }
          passed += chunk.length
          res.write(chunk)
        })
        answer.on('end', () => res.end())
      },
    )
    req.pipe(out)
  })
  return {
    gets,
    next(kind: Alter) {
      alter = kind
    },
    async start(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const address = server.address()
      return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Runs `ferry get SRC -`, reading standard output; `keep` bytes then the pipe is closed. */
function getToStdout(env: NodeJS.ProcessEnv, source: string, keep = Infinity) {
  return new Promise<{ code: number | null; stdout: Buffer; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [ferryBin, 'get', source, '-'], { cwd: root, env })
    const chunks: Buffer[] = []
    let got = 0
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => {
      chunks.push(d)
      got += d.length
      if (got >= keep) child.stdout.destroy()
    })
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks), stderr }))
  })
}

describe('ferry get KEY - (standard output)', () => {
  const s3 = testClient()
  const tmp = tempDir('getstdout')
  const proxy = bodyProxy(testConnection().endpoint)
  let bucket: string
  let env: NodeJS.ProcessEnv
  const single = randomBytes(9 * MiB + 3)
  const multi = randomBytes(11 * MiB)

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'getstdout')
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'single.bin', Body: single }))
    // Uploaded in 5 MiB parts by another tool: no journal of Ferry's says the part size.
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'multi.bin' }))
    const parts = []
    for (let n = 1, at = 0; at < multi.length; n++, at += 5 * MiB) {
      const body = multi.subarray(at, at + 5 * MiB)
      const { ETag } = await s3.send(
        new UploadPartCommand({ Bucket: bucket, Key: 'multi.bin', UploadId, PartNumber: n, Body: body }),
      )
      parts.push({ PartNumber: n, ETag })
    }
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'multi.bin',
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    )
    env = { ...cliStateEnv(join(tmp.dir, 'state')), AWS_ENDPOINT_URL: await proxy.start() }
  })
  afterAll(async () => {
    await proxy.close()
    tmp.cleanup()
  })

  it('writes the object byte for byte and proves it: one MD5, or the multipart ETag', async () => {
    for (const [key, bytes] of [
      ['single.bin', single],
      ['multi.bin', multi],
    ] as const) {
      const run = await getToStdout(env, `s3://${bucket}/${key}`)
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      expect(run.stdout.equals(bytes)).toBe(true)
    }
  })

  it('continues a connection cut mid-body from the byte it reached, on the same version', async () => {
    proxy.gets.length = 0
    proxy.next('cut')
    const run = await getToStdout(env, `s3://${bucket}/multi.bin`)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout.equals(multi)).toBe(true)
    expect(proxy.gets).toHaveLength(2)
    expect(proxy.gets[1]!.range).toMatch(/^bytes=\d+-$/)
    expect(Number(/\d+/.exec(proxy.gets[1]!.range!)![0])).toBeGreaterThan(0)
    expect(proxy.gets.every((g) => g.ifMatch !== undefined)).toBe(true)
  })

  it('a byte changed on the way is an error at the end, telling the reader to discard it', async () => {
    proxy.next('flip')
    const run = await getToStdout(env, `s3://${bucket}/single.bin`)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`the bytes written to standard output differ from s3://${bucket}/single.bin`)
    expect(run.stderr).toContain('Discard what was read')
    expect(run.stdout.length).toBe(single.length)
  })

  it('a reader that stops early ends the download quietly', async () => {
    const run = await getToStdout(env, `s3://${bucket}/multi.bin`, 64 * 1024)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout.subarray(0, 64 * 1024).equals(multi.subarray(0, 64 * 1024))).toBe(true)
  })
})
