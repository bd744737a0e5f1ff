// How a rate limit is shared: 2 large files and many small ones, fetched by one
// `ferry get --max-rate` of their prefix (--direction download) or sent by one
// `ferry upload --max-rate` of their folder (--direction upload). Prints when half of the small
// files and all of them were done, when the large ones were, and the total, from the CLI's own
// --json events (each line timed as it arrives). Every file is checked against what was put
// (downloads) or every object against its file (uploads).
//
//   FERRY_S3_STATE_DIR=/tmp/ferry-s3-NAME bash scripts/s3-server.sh start > /tmp/s3.env
//   npx electron-vite build
//   env $(cat /tmp/s3.env) node scripts/bench/shared-rate.mjs [--direction download|upload] \
//     [--rate 8MiB] [--small 200] [--runs 3] [--transfers N] [--concurrency N]
//
// It runs bin/ferry.js of the working directory: run it from another checkout to measure that build.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'

const MiB = 1024 * 1024
const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '8MiB' },
    small: { type: 'string', default: '200' },
    runs: { type: 'string', default: '3' },
    transfers: { type: 'string' },
    concurrency: { type: 'string' },
    direction: { type: 'string', default: 'download' },
  },
})
const upload = values.direction === 'upload'
if (!upload && values.direction !== 'download') throw new Error('--direction is download or upload')
const env = process.env
const endpoint = env.FERRY_TEST_S3_ENDPOINT
if (!endpoint)
  throw new Error('FERRY_TEST_S3_ENDPOINT is not set: start scripts/s3-server.sh and pass its env lines')
const credentials = {
  accessKeyId: env.FERRY_TEST_S3_ACCESS_KEY,
  secretAccessKey: env.FERRY_TEST_S3_SECRET_KEY,
}
const region = env.FERRY_TEST_S3_REGION ?? 'us-east-1'
const client = new S3Client({
  endpoint,
  region,
  credentials,
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
})

const bucket = `shared-rate-${Date.now().toString(36)}`
const expected = new Map()
await client.send(new CreateBucketCommand({ Bucket: bucket }))
// Uploads send this folder; downloads fetch the same files from the bucket.
const source = mkdtempSync(join(tmpdir(), 'ferry-shared-rate-source-'))
mkdirSync(join(source, 'set', 'small'), { recursive: true })
const put = async (name, bytes) => {
  expected.set(name, bytes)
  if (upload) writeFileSync(join(source, 'set', name), bytes)
  else if (bytes.length > 8 * MiB) await putLarge(name, bytes)
  else await client.send(new PutObjectCommand({ Bucket: bucket, Key: `set/${name}`, Body: bytes }))
}
const putLarge = (name, bytes) =>
  new Upload({
    client,
    params: { Bucket: bucket, Key: `set/${name}`, Body: bytes },
    partSize: 8 * MiB,
  }).done()
for (const name of ['big-1.bin', 'big-2.bin']) await put(name, randomBytes(24 * MiB))
const smallCount = Number(values.small)
for (let i = 0; i < smallCount; i += 20) {
  await Promise.all(
    Array.from({ length: Math.min(20, smallCount - i) }, (_, j) =>
      put(`small/${String(i + j).padStart(4, '0')}.bin`, randomBytes(64 * 1024)),
    ),
  )
}

/** Every object under `prefix` holds the bytes of its file. */
async function checkUploaded(prefix) {
  for (const [name, bytes] of expected) {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}${name}` }))
    if (!Buffer.from(await out.Body.transformToByteArray()).equals(bytes)) throw new Error(`${name} differs`)
  }
}

let runs = 0
function run() {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-shared-rate-'))
  const state = mkdtempSync(join(tmpdir(), 'ferry-shared-rate-state-'))
  const prefix = `up-${++runs}/`
  const args = [
    'bin/ferry.js',
    ...(upload
      ? ['upload', `${join(source, 'set')}/`, `s3://${bucket}/${prefix}`]
      : ['get', `s3://${bucket}/set/`, join(dir, 'out')]),
    '--max-rate',
    values.rate,
    '--json',
  ]
  if (values.transfers) args.push('--transfers', values.transfers)
  // An upload's memory budget is concurrency x part size: at 4 x 8 MiB one 24 MiB file fills it,
  // so the second waits at the head of the queue, and the small files behind it, until the
  // first is done; at 8 both run at once beside the small files.
  if (values.concurrency) args.push('--concurrency', values.concurrency)
  const childEnv = {
    PATH: env.PATH,
    HOME: env.HOME,
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    FERRY_STATE_DIR: state,
    NODE_NO_WARNINGS: '1',
  }
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const smallDone = []
    const bigDone = []
    let rest = ''
    const child = spawn(process.execPath, args, { env: childEnv })
    child.stdout.on('data', (d) => {
      const at = (performance.now() - started) / 1000
      const lines = (rest + d).split('\n')
      rest = lines.pop()
      for (const line of lines) {
        const e = JSON.parse(line)
        // A download says 'done'; an upload ends each file with its 'summary'.
        if (upload ? e.event !== 'summary' || e.state !== 'done' : e.event !== 'done') continue
        ;(String(e.key).includes('/small/') ? smallDone : bigDone).push(at)
      }
    })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', async (code) => {
      const total = (performance.now() - started) / 1000
      try {
        if (code !== 0) throw new Error(`ferry ${args[1]} exited ${code}: ${stderr}`)
        if (upload) await checkUploaded(prefix)
        else
          for (const [name, bytes] of expected)
            if (!readFileSync(join(dir, 'out', name)).equals(bytes)) throw new Error(`${name} differs`)
        if (smallDone.length !== smallCount || bigDone.length !== 2) throw new Error('files missing')
        resolve({
          halfSmall: smallDone[Math.floor(smallCount / 2) - 1],
          allSmall: smallDone.at(-1),
          bigs: Math.max(...bigDone),
          total,
        })
      } catch (e) {
        reject(e)
      } finally {
        rmSync(dir, { recursive: true, force: true })
        rmSync(state, { recursive: true, force: true })
      }
    })
  })
}

const bytes = [...expected.values()].reduce((n, b) => n + b.length, 0)
console.log(
  `${upload ? 'ferry upload' : 'ferry get'} of 2 x 24 MiB + ${smallCount} x 64 KiB (${(bytes / MiB).toFixed(1)} MiB) at --max-rate ${values.rate}${values.transfers ? `, --transfers ${values.transfers}` : ''}${values.concurrency ? `, --concurrency ${values.concurrency}` : ''}; seconds:`,
)
for (let i = 0; i < Number(values.runs); i++) {
  const r = await run()
  console.log(
    `half the small done ${r.halfSmall.toFixed(2)}, all small ${r.allSmall.toFixed(2)}, ` +
      `large ones ${r.bigs.toFixed(2)}, total ${r.total.toFixed(2)}`,
  )
}
rmSync(source, { recursive: true, force: true })
