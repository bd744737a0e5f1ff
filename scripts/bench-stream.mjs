#!/usr/bin/env node
// The benchmark of issue 6: stream a file from a local HTTP server into radosgw.
// Ferry (`ferry stream`: parallel ranged GETs, part MD5s, ETag check) against
// `curl URL | aws s3 cp - s3://...` and `rclone copyurl`, in one run, contenders alternating
// round by round. Reports medians of wall time and client CPU (the whole process tree of each
// contender, curl included) and ratios against Ferry. Every object is checked afterwards
// (size, and the multipart ETag for 8 MiB parts), so a contender cannot win by failing.
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { bigFile, GiB, MiB } from './bench/bench-data.mjs'
import { CONTENDERS, ferryContender } from './bench/contenders.mjs'
import { settle } from './bench/machine-load.mjs'
import { measured } from './bench/measure-run.mjs'
import { fmt, median } from './bench/report.mjs'
import {
  checkObject,
  cleanPrefix,
  clientFor,
  collectGarbage,
  createBucket,
  removeBucket,
  startRadosgw,
} from './bench/servers.mjs'

const USAGE = `Usage: node scripts/bench-stream.mjs [options]

  --size BYTES        bytes to stream (default 1073741824: 1 GiB)
  --rounds N          rounds; each runs every contender once (default 3)
  --part-size BYTES   part size for all (default 8 MiB)
  --concurrency N     parts in flight for all (default 8)
  --contenders LIST   ferry,curl-aws,rclone (default all)
  --settle SECONDS    wait up to this long for idle CPUs before each run (default 30)

radosgw: FERRY_TEST_S3_* when set, else scripts/s3-server.sh (state /tmp/ferry-s3-bench-stream, port 7911).
The source is served from this process on 127.0.0.1 (ranges, Content-Length, ETag).
`

const REPO = resolve(import.meta.dirname, '..')
const { values } = parseArgs({
  options: {
    size: { type: 'string', default: String(GiB) },
    rounds: { type: 'string', default: '3' },
    'part-size': { type: 'string', default: String(8 * MiB) },
    concurrency: { type: 'string', default: '8' },
    contenders: { type: 'string', default: 'ferry,curl-aws,rclone' },
    settle: { type: 'string', default: '30' },
    help: { type: 'boolean', default: false },
  },
})
if (values.help) {
  process.stdout.write(USAGE)
  process.exit(0)
}
const SIZE = Number(values.size)
const ROUNDS = Number(values.rounds)
const PART = Number(values['part-size'])
const CONCURRENCY = Number(values.concurrency)
const NAMES = values.contenders.split(',')
const log = (m) => process.stderr.write(`bench-stream: ${m}\n`)

if (!existsSync(join(REPO, 'out', 'main', 'cli.js'))) {
  log('build first (npx electron-vite build)')
  process.exit(2)
}

const work = mkdtempSync(join(tmpdir(), 'ferry-bench-stream-'))
const data = await bigFile(join(tmpdir(), 'ferry-bench-data'), SIZE, PART, log)

// The source: ranges, length, a strong ETag, as a plain static file server would.
const { mtime } = statSync(data.path)
const source = createServer((req, res) => {
  const headers = {
    'accept-ranges': 'bytes',
    etag: `"${data.etag}"`,
    'last-modified': mtime.toUTCString(),
    'content-type': 'application/octet-stream',
  }
  const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '')
  let start = 0
  let end = SIZE - 1
  if (m) {
    start = Number(m[1])
    end = m[2] ? Math.min(Number(m[2]), SIZE - 1) : SIZE - 1
    res.writeHead(206, {
      ...headers,
      'content-range': `bytes ${start}-${end}/${SIZE}`,
      'content-length': end - start + 1,
    })
  } else res.writeHead(200, { ...headers, 'content-length': SIZE })
  if (req.method === 'HEAD') return res.end()
  createReadStream(data.path, { start, end, highWaterMark: 1024 * 1024 }).pipe(res)
})
await new Promise((r) => source.listen(0, '127.0.0.1', r))
const URL_ = `http://127.0.0.1:${source.address().port}/big.bin`

const server = startRadosgw({ stateDir: '/tmp/ferry-s3-bench-stream', port: '7911', keep: false }, log)
// A server named by FERRY_TEST_S3_* whose state dir is given too can have its garbage collected.
if (!server.ownStateDir && process.env.FERRY_S3_STATE_DIR) server.ownStateDir = process.env.FERRY_S3_STATE_DIR
const s3 = clientFor(server)
const bucket = `ferry-bench-stream-${Date.now().toString(36)}`
await createBucket(s3, bucket)

// The contenders' commands (environments, aws and rclone configs) come from the main benchmark,
// turned from "copy this file" into "copy this URL".
const byName = Object.fromEntries(CONTENDERS.map((c) => [c.name, c]))
const args = (name, key, runId) => ({
  server,
  bucket,
  target: { file: URL_, key },
  partSize: PART,
  concurrency: CONCURRENCY,
  tmp: work,
  runId,
})
const CONTENDER_COMMANDS = {
  ferry: (key, runId) => {
    const c = ferryContender('ferry', REPO).command(args('ferry', key, runId))
    return { ...c, args: c.args.map((a) => (a === 'upload' ? 'stream' : a)) }
  },
  'curl-aws': (key, runId) => {
    const c = byName['aws-cli'].command(args('aws-cli', key, runId))
    const aws = [c.cmd, ...c.args.map((a) => (a === URL_ ? '-' : a)), '--expected-size', String(SIZE)]
    const quoted = aws.map((a) => `'${a}'`).join(' ')
    return { ...c, cmd: 'bash', args: ['-o', 'pipefail', '-c', `curl -sS --fail '${URL_}' | ${quoted}`] }
  },
  rclone: (key, runId) => {
    const c = byName['rclone'].command(args('rclone', key, runId))
    return { ...c, args: c.args.map((a) => (a === 'copyto' ? 'copyurl' : a)) }
  },
}

let md5Hex
const wholeMd5 = async () => {
  if (md5Hex) return md5Hex
  const hash = createHash('md5')
  for await (const chunk of createReadStream(data.path)) hash.update(chunk)
  return (md5Hex = hash.digest('hex'))
}

const results = Object.fromEntries(NAMES.map((n) => [n, []]))
let interrupted = false
process.on('SIGINT', () => (interrupted = true))
try {
  for (let round = 1; round <= ROUNDS && !interrupted; round++) {
    for (const name of NAMES) {
      const key = `${name}/r${round}.bin`
      const idle = await settle({ maxMs: Number(values.settle) * 1000 })
      log(`round ${round}: ${name} (CPUs ${Math.round(idle.idle * 100)}% idle)`)
      const m = await measured(CONTENDER_COMMANDS[name](key, `${name}-${round}`), {
        tmp: work,
        runId: `${name}-${round}`,
        timeoutMs: 20 * 60_000,
      })
      let problems = m.ok ? await checkObject(s3, bucket, key, { size: SIZE, etag: data.etag }) : [m.failure]
      // A single PUT (rclone below its upload cutoff) has the plain MD5 as its ETag.
      if (m.ok && problems.length > 0) {
        const single = await checkObject(s3, bucket, key, { size: SIZE, etag: await wholeMd5() })
        if (single.length === 0) problems = []
      }
      const cpuS = m.ok ? m.cpuUserS + m.cpuSysS : NaN
      results[name].push({ wallS: m.wallS, cpuS, rssMiB: m.treeRssPeakKiB / 1024, problems })
      log(
        `  ${fmt(m.wallS)} s wall, ${fmt(cpuS)} CPU-s${problems.length ? `, PROBLEMS: ${problems.join('; ')}` : ', object checked'}`,
      )
      await cleanPrefix(s3, bucket, `${name}/`)
      collectGarbage(server)
    }
  }
} finally {
  source.close()
  await removeBucket(s3, bucket).catch(() => {})
  await server.stop()
  rmSync(work, { recursive: true, force: true })
}

const rows = NAMES.map((name) => {
  const ok = results[name].filter((r) => r.problems.length === 0)
  return {
    name,
    runs: `${ok.length}/${results[name].length}`,
    wallS: median(ok.map((r) => r.wallS)),
    cpuS: median(ok.map((r) => r.cpuS)),
    rssMiB: median(ok.map((r) => r.rssMiB)),
  }
})
const ferry = rows.find((r) => r.name === 'ferry')
const label = {
  ferry: 'Ferry (`ferry stream`)',
  'curl-aws': '`curl URL \\| aws s3 cp - s3://...`',
  rclone: '`rclone copyurl`',
}
const out = [
  `${SIZE / MiB} MiB from a local HTTP server into radosgw, ${PART / MiB} MiB parts, ${CONCURRENCY} in flight; medians of ${ROUNDS} rounds`,
  '',
  '| client | runs ok | wall s | MiB/s | client CPU-s | peak RSS MiB (tree) | wall vs Ferry | CPU vs Ferry |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${label[r.name]} | ${r.runs} | ${fmt(r.wallS)} | ${fmt(SIZE / MiB / r.wallS, 0)} | ${fmt(r.cpuS)} | ${fmt(r.rssMiB, 0)} | ${ferry ? fmt(r.wallS / ferry.wallS, 2) + 'x' : '-'} | ${ferry ? fmt(r.cpuS / ferry.cpuS, 2) + 'x' : '-'} |`,
  ),
]
process.stdout.write(out.join('\n') + '\n')
