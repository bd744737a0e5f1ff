#!/usr/bin/env node
// The benchmark of issue 7: many small files into radosgw through `ferry daemon` + `ferry send`
// (one process per file, in a loop and from parallel clients), against aws-cli v2 run once per
// file and `aws s3 cp --recursive`. Reports files per second, the CPU of the client processes
// (what the file-writing code pays) and, for Ferry, the daemon's CPU as well. Every mode's
// objects are listed and checked for count and size afterwards, so a mode cannot win by failing.
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { createConnection } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { cpuCounters, foreignCpu, processCpuS, settle } from './bench/machine-load.mjs'

const USAGE = `Usage: node scripts/bench-daemon.mjs [options]

  --files N           small files (default 1000)
  --size BYTES        bytes per file (default 65536)
  --clients N         parallel ferry send / aws s3 cp clients (default 8)
  --aws-per-file N    files for the aws-cli-once-per-file modes (default 200: at ~1.3 CPU-s per
                      process, all 1000 take many minutes; files/s does not depend on N)
  --pool N            ferry daemon --pool (default 25)
  --modes LIST        send-loop,send-parallel,socket,aws-loop,aws-parallel,aws-recursive (default
                      all). socket: one process speaking the daemon's protocol (what a program
                      that links no ferry binary would do), all files at once: the daemon's ceiling
  --no-extra-ca       run the clients without NODE_EXTRA_CA_CERTS (this machine sets it, which
                      adds ~0.15 CPU-s to every Node start)
  --settle SECONDS    wait up to this long for idle CPUs before each mode (default 60)
  --keep-s3           leave a radosgw this script started running

radosgw: FERRY_TEST_S3_* when set, else scripts/s3-server.sh with FERRY_S3_STATE_DIR=/tmp/ferry-s3-bench-daemon
and FERRY_S3_PORT=7901, stopped at the end.
`

const REPO = resolve(import.meta.dirname, '..')
const AWS = '/usr/bin/aws'

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '1000' },
    size: { type: 'string', default: '65536' },
    clients: { type: 'string', default: '8' },
    'aws-per-file': { type: 'string', default: '200' },
    pool: { type: 'string', default: '25' },
    modes: { type: 'string', default: 'send-loop,send-parallel,socket,aws-loop,aws-parallel,aws-recursive' },
    'no-extra-ca': { type: 'boolean', default: false },
    settle: { type: 'string', default: '60' },
    'keep-s3': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})
if (values.help) {
  process.stdout.write(USAGE)
  process.exit(0)
}
const FILES = Number(values.files)
const SIZE = Number(values.size)
const CLIENTS = Number(values.clients)
const AWS_FILES = Math.min(FILES, Number(values['aws-per-file']))
const MODES = values.modes.split(',')

if (!existsSync(join(REPO, 'out', 'main', 'cli.js'))) {
  console.error('bench-daemon: build first (npx electron-vite build)')
  process.exit(2)
}
if (MODES.some((m) => m.startsWith('aws')) && !existsSync(AWS)) {
  console.error(`bench-daemon: ${AWS} (aws-cli v2) is missing; leave out the aws modes with --modes`)
  process.exit(2)
}

// --- the S3 server ---

let startedS3 = false
function s3Env() {
  if (process.env.FERRY_TEST_S3_ENDPOINT) return process.env
  const out = spawnSync('bash', [join(REPO, 'scripts', 's3-server.sh'), 'start'], {
    encoding: 'utf8',
    env: { ...process.env, FERRY_S3_STATE_DIR: '/tmp/ferry-s3-bench-daemon', FERRY_S3_PORT: '7901' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  if (out.status !== 0) throw new Error('scripts/s3-server.sh start failed')
  startedS3 = true
  const env = { ...process.env }
  for (const line of out.stdout.split('\n')) {
    const m = /^(FERRY_TEST_S3_[A-Z_]+)=(.*)$/.exec(line.trim())
    if (m) env[m[1]] = m[2]
  }
  return env
}
function stopS3() {
  if (startedS3 && !values['keep-s3'])
    spawnSync('bash', [join(REPO, 'scripts', 's3-server.sh'), 'stop'], {
      env: { ...process.env, FERRY_S3_STATE_DIR: '/tmp/ferry-s3-bench-daemon', FERRY_S3_PORT: '7901' },
      stdio: 'inherit',
    })
}

const e = s3Env()
const endpoint = e.FERRY_TEST_S3_ENDPOINT
const accessKeyId = e.FERRY_TEST_S3_ACCESS_KEY
const secretAccessKey = e.FERRY_TEST_S3_SECRET_KEY
const region = e.FERRY_TEST_S3_REGION || 'us-east-1'
const s3 = new S3Client({
  endpoint,
  region,
  forcePathStyle: true,
  credentials: { accessKeyId, secretAccessKey },
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
})

// --- data, daemon and clients ---

const work = mkdtempSync(join(tmpdir(), 'ferry-bench-daemon-'))
// A private copy of the build: a rebuild of out/ during the run (chunk names change) must not
// break the hundreds of ferry processes started from it.
const snapshot = join(work, 'ferry')
for (const part of ['out', 'bin', 'package.json'])
  cpSync(join(REPO, part), join(snapshot, part), { recursive: true })
symlinkSync(join(REPO, 'node_modules'), join(snapshot, 'node_modules'))
const FERRY = join(snapshot, 'bin', 'ferry.js')
const dataDir = join(work, 'files')
mkdirSync(dataDir)
for (let i = 0; i < FILES; i++)
  writeFileSync(join(dataDir, `f${String(i).padStart(5, '0')}.bin`), randomBytes(SIZE))
const awsDir = join(work, 'aws-files')
mkdirSync(awsDir)
for (const name of readdirSync(dataDir).sort().slice(0, AWS_FILES))
  writeFileSync(join(awsDir, name), readFileSync(join(dataDir, name)))
const awsConfig = join(work, 'aws-config')
writeFileSync(awsConfig, `[default]\nregion = ${region}\ns3 =\n  addressing_style = path\n`)

const bucket = `ferry-bench-daemon-${randomBytes(4).toString('hex')}`
await s3.send(new CreateBucketCommand({ Bucket: bucket }))

const baseEnv = {
  ...process.env,
  FERRY_STATE_DIR: join(work, 'state'),
  S3_ENDPOINT_URL: endpoint,
  AWS_ACCESS_KEY_ID: accessKeyId,
  AWS_SECRET_ACCESS_KEY: secretAccessKey,
  AWS_REGION: region,
  AWS_CONFIG_FILE: awsConfig,
  AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-credentials'),
}
delete baseEnv.AWS_CA_BUNDLE
delete baseEnv.AWS_PROFILE
delete baseEnv.AWS_ENDPOINT_URL
const clientEnv = { ...baseEnv, ...(values['no-extra-ca'] ? { NODE_EXTRA_CA_CERTS: '' } : {}) }

function startDaemon() {
  const child = spawn(process.execPath, [FERRY, 'daemon', '--pool', values.pool], {
    env: baseEnv,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`ferry daemon did not start:\n${stderr}`)), 30_000)
    child.stderr.on('data', () => {
      if (stderr.includes('listening on')) {
        clearTimeout(timer)
        res(child)
      }
    })
    child.once('exit', (code) => rej(new Error(`ferry daemon exited (${code}):\n${stderr}`)))
  })
}

/** The daemon and its engine process: Ferry's CPU outside the clients. */
function daemonPids(daemon) {
  const out = spawnSync('pgrep', ['-P', String(daemon.pid)], { encoding: 'utf8' })
  return [daemon.pid, ...out.stdout.split('\n').filter(Boolean).map(Number)]
}

/** Runs a shell script under /usr/bin/time: wall seconds and the CPU of every process it started. */
function timed(script, env) {
  const out = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S', 'bash', '-c', script], {
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(out.stderr)
  if (!m) throw new Error(`no timing from: ${script}\n${out.stderr}`)
  const errors = out.stderr.slice(0, m.index).trim()
  return { ok: out.status === 0, wallS: Number(m[1]), cpuS: Number(m[2]) + Number(m[3]), errors }
}

async function listed(prefix) {
  const objects = []
  let token
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    )
    objects.push(...(page.Contents ?? []))
    token = page.NextContinuationToken
  } while (token)
  return objects
}

const q = (s) => `'${s.replaceAll("'", "'\\''")}'`
const ferrySend = `${q(process.execPath)} ${q(FERRY)} send`
const awsCp = `${AWS} --endpoint-url ${q(endpoint)} s3 cp --only-show-errors`

const MODE_DEFS = {
  'send-loop': {
    label: 'ferry send, one after another',
    dir: dataDir,
    daemon: true,
    script: (dir, p) =>
      `for f in ${q(dir)}/*; do ${ferrySend} "$f" "s3://${bucket}/${p}/\${f##*/}" || exit 1; done`,
  },
  'send-parallel': {
    label: `ferry send, ${CLIENTS} clients`,
    dir: dataDir,
    daemon: true,
    script: (dir, p) =>
      `cd ${q(dir)} && ls | xargs -P ${CLIENTS} -I{} ${ferrySend} ${q(dir)}/{} s3://${bucket}/${p}/{}`,
  },
  socket: {
    label: 'daemon protocol, one client, all at once',
    dir: dataDir,
    daemon: true,
    run: (dir, p) => protocolClient(dir, p),
  },
  'aws-loop': {
    label: 'aws s3 cp per file, one after another',
    dir: awsDir,
    script: (dir, p) =>
      `for f in ${q(dir)}/*; do ${awsCp} "$f" "s3://${bucket}/${p}/\${f##*/}" || exit 1; done`,
  },
  'aws-parallel': {
    label: `aws s3 cp per file, ${CLIENTS} clients`,
    dir: awsDir,
    script: (dir, p) =>
      `cd ${q(dir)} && ls | xargs -P ${CLIENTS} -I{} ${awsCp} ${q(dir)}/{} s3://${bucket}/${p}/{}`,
  },
  'aws-recursive': {
    label: 'aws s3 cp --recursive (one process)',
    dir: dataDir,
    script: (dir, p) => `${awsCp} --recursive ${q(dir)} s3://${bucket}/${p}/`,
  },
}

/** Every file as one request on one connection (JSON lines), waiting for all the answers. */
function protocolClient(dir, prefix) {
  const socketPath = join(baseEnv.FERRY_STATE_DIR, 'daemon', 'ferry.sock')
  const names = readdirSync(dir).sort()
  const cpu = process.cpuUsage()
  const start = performance.now()
  return new Promise((res) => {
    const socket = createConnection(socketPath)
    let pending = names.length
    let buffered = ''
    const errors = []
    socket.on('connect', () => {
      socket.write(
        names
          .map((name, id) =>
            JSON.stringify({
              id,
              op: 'send',
              source: join(dir, name),
              bucket,
              key: `${prefix}/${name}`,
              wait: true,
            }),
          )
          .join('\n') + '\n',
      )
    })
    socket.on('data', (chunk) => {
      buffered += chunk
      const lines = buffered.split('\n')
      buffered = lines.pop()
      for (const line of lines) {
        const answer = JSON.parse(line)
        if (answer.event === 'queued') continue
        if (answer.event !== 'done') errors.push(answer.error?.message ?? line)
        if (--pending === 0) {
          socket.end()
          const used = process.cpuUsage(cpu)
          res({
            ok: errors.length === 0,
            wallS: (performance.now() - start) / 1000,
            cpuS: (used.user + used.system) / 1e6,
            errors: errors.join('\n'),
          })
        }
      }
    })
    socket.on('error', (e) => res({ ok: false, wallS: 1, cpuS: 0, errors: e.message }))
  })
}

const results = []
let daemon
try {
  if (MODES.some((m) => MODE_DEFS[m]?.daemon)) daemon = await startDaemon()
  for (const mode of MODES) {
    const def = MODE_DEFS[mode]
    if (!def) throw new Error(`unknown mode ${mode}`)
    const files = readdirSync(def.dir).length
    const quiet = await settle({ maxMs: Number(values.settle) * 1000 })
    const ferryPids = def.daemon ? daemonPids(daemon) : []
    const daemonBefore = processCpuS(ferryPids)
    const machineBefore = cpuCounters()
    const run = def.run
      ? await def.run(def.dir, mode)
      : timed(def.script(def.dir, mode), def.daemon ? clientEnv : baseEnv)
    const machineAfter = cpuCounters()
    const daemonS = processCpuS(daemonPids(daemon ?? { pid: -1 })) - daemonBefore
    const objects = await listed(`${mode}/`)
    const wrong = objects.filter((o) => o.Size !== SIZE).length
    const r = {
      mode,
      label: def.label,
      files,
      ok: run.ok && objects.length === files && wrong === 0,
      stored: objects.length,
      wallS: run.wallS,
      filesPerS: files / run.wallS,
      clientCpuMsPerFile: (run.cpuS / files) * 1000,
      daemonCpuMsPerFile: def.daemon ? (daemonS / files) * 1000 : null,
      otherCpuS: foreignCpu(machineBefore, machineAfter, run.cpuS + (def.daemon ? daemonS : 0)),
      settled: quiet.settled,
      errors: run.errors.split('\n').slice(0, 3).join(' | '),
    }
    results.push(r)
    console.error(
      `${mode}: ${r.ok ? 'ok' : 'FAILED'} ${r.stored}/${files} stored, ${r.filesPerS.toFixed(1)} files/s, ` +
        `client ${r.clientCpuMsPerFile.toFixed(0)} ms CPU/file${r.errors ? `, errors: ${r.errors}` : ''}`,
    )
  }
} finally {
  if (daemon) {
    daemon.kill('SIGTERM')
    await new Promise((r) => daemon.once('exit', r))
  }
  rmSync(work, { recursive: true, force: true })
  stopS3()
}

const row = (cells) => `| ${cells.join(' | ')} |`
console.log(
  `\n${FILES} files of ${SIZE} bytes into radosgw (${endpoint}); aws once-per-file modes over ${AWS_FILES} of them;` +
    ` load average before: ${loadavg()[0].toFixed(2)}${values['no-extra-ca'] ? '; clients without NODE_EXTRA_CA_CERTS' : ''}\n`,
)
console.log(
  row(['mode', 'files', 'files/s', 'client CPU ms/file', 'daemon CPU ms/file', 'other CPU s', 'check']),
)
console.log(row(['---', '---:', '---:', '---:', '---:', '---:', '---']))
for (const r of results)
  console.log(
    row([
      r.label,
      String(r.files),
      r.filesPerS.toFixed(1),
      r.clientCpuMsPerFile.toFixed(r.clientCpuMsPerFile < 10 ? 1 : 0),
      r.daemonCpuMsPerFile === null ? '-' : r.daemonCpuMsPerFile.toFixed(1),
      r.otherCpuS.toFixed(1),
      `${r.ok ? 'ok' : 'FAILED'}${r.settled ? '' : ' (busy machine)'}`,
    ]),
  )
console.log('\n"other CPU" is what the rest of the machine used meanwhile (the S3 server included).')
process.exitCode = results.every((r) => r.ok) ? 0 : 1
