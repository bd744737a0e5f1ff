// The two S3 endpoints of the benchmark (the local stub and radosgw), and the checks and
// clean-up the runner does on them between timed runs, with the SDK, outside any measurement.
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3'

const here = (rel) => fileURLToPath(new URL(rel, import.meta.url))
export const REPO = here('../..')

/** Starts scripts/bench/stub-s3.mjs in its own process; resolves once it listens. */
export function startStub() {
  const child = spawn(process.execPath, [here('./stub-s3.mjs'), '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout })
    child.once('exit', (code) => reject(new Error(`the S3 stub exited with ${code} before listening`)))
    lines.on('line', (line) => {
      const m = /^STUB_S3_ENDPOINT=(.+)$/.exec(line)
      if (!m) return
      resolve({
        kind: 'stub',
        endpoint: m[1],
        region: 'us-east-1',
        accessKeyId: 'BENCHSTUBKEY',
        secretAccessKey: 'bench-stub-secret',
        pid: child.pid,
        pids: () => [child.pid],
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

/** The stub's counters, to report its own CPU and the requests each client made. */
export async function stubStats(endpoint) {
  const res = await fetch(`${endpoint}/__stub/stats`)
  return res.json()
}

const parseEnvLines = (text) =>
  Object.fromEntries(
    text
      .split('\n')
      .map((l) => /^([A-Z0-9_]+)=(.*)$/.exec(l.trim()))
      .filter(Boolean)
      .map((m) => [m[1], m[2]]),
  )

/**
 * radosgw: the one named by FERRY_TEST_S3_* when set (left running), else one started here by
 * scripts/s3-server.sh in its own state dir and port, so the tests' server is not disturbed.
 */
export function startRadosgw(options, log) {
  const env = process.env
  if (env.FERRY_TEST_S3_ENDPOINT) {
    log(`radosgw: using FERRY_TEST_S3_ENDPOINT=${env.FERRY_TEST_S3_ENDPOINT}`)
    return {
      kind: 'radosgw',
      endpoint: env.FERRY_TEST_S3_ENDPOINT,
      region: env.FERRY_TEST_S3_REGION || 'us-east-1',
      accessKeyId: env.FERRY_TEST_S3_ACCESS_KEY ?? '',
      secretAccessKey: env.FERRY_TEST_S3_SECRET_KEY ?? '',
      ownStateDir: undefined,
      // Not ours: its processes are not known, so its CPU counts as a neighbour's.
      pids: () => [],
      stop: async () => {},
    }
  }
  const stateDir = options.stateDir
  const serverEnv = {
    ...env,
    FERRY_S3_STATE_DIR: stateDir,
    FERRY_S3_PORT: options.port,
    // Its own monitor port too: s3-server.sh's default (6789) is every other server's.
    ...(options.monPort ? { FERRY_S3_MON_PORT: options.monPort } : {}),
    // memstore's capacity is a count, not a reservation, and its OSD engages the "full" failsafe
    // (then drops every write) in two ways: its count of used bytes does not come down with
    // deletes and garbage collection (a 6 GiB OSD, then a 16 GiB one, went full during --large
    // runs, after about as much written), and a 64 GiB count failed at once, with a nonsense
    // "-2147483648% full", twice after 3 small-file runs. So 16 GiB, and a --large run is best
    // split in two (README). When it happens anyway, the runner replaces the server (run.mjs).
    FERRY_S3_MEMSTORE_BYTES: env.FERRY_S3_MEMSTORE_BYTES ?? String(16 * 1024 ** 3),
  }
  log(
    `radosgw: starting it (bash scripts/s3-server.sh start, state ${stateDir}, port ${options.port}, mon port ${options.monPort ?? 'default'}); about 15 s`,
  )
  const out = spawnSync('bash', [here('../s3-server.sh'), 'start'], {
    env: serverEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  if (out.status !== 0) throw new Error(`scripts/s3-server.sh start failed (exit ${out.status})`)
  const vars = parseEnvLines(out.stdout)
  if (!vars.FERRY_TEST_S3_ENDPOINT)
    throw new Error(`scripts/s3-server.sh printed no FERRY_TEST_S3_ENDPOINT: ${out.stdout}`)
  return {
    kind: 'radosgw',
    endpoint: vars.FERRY_TEST_S3_ENDPOINT,
    region: vars.FERRY_TEST_S3_REGION || 'us-east-1',
    accessKeyId: vars.FERRY_TEST_S3_ACCESS_KEY,
    secretAccessKey: vars.FERRY_TEST_S3_SECRET_KEY,
    ownStateDir: stateDir,
    // The gateway, OSD and monitor: their CPU is the server's, not a neighbour's.
    pids: () =>
      ['rgw', 'osd', 'mon']
        .map((d) => {
          try {
            return Number(readFileSync(`${stateDir}/pids/${d}.pid`, 'utf8').trim())
          } catch {
            return NaN
          }
        })
        .filter((pid) => pid > 0),
    stop: async () => {
      if (options.keep)
        return log(`radosgw: left running (--keep-s3): ${vars.FERRY_TEST_S3_ENDPOINT}, state ${stateDir}`)
      spawnSync('bash', [here('../s3-server.sh'), 'stop'], {
        env: serverEnv,
        stdio: ['ignore', 'ignore', 'inherit'],
      })
    },
  }
}

export function clientFor(server) {
  return new S3Client({
    endpoint: server.endpoint,
    region: server.region,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  })
}

export async function createBucket(client, bucket) {
  await client.send(new CreateBucketCommand({ Bucket: bucket }))
}

const bareEtag = (etag) => (etag ?? '').replaceAll('"', '').trim().toLowerCase()

/** Problems with one uploaded object ([] when it has the expected size and ETag). */
export async function checkObject(client, bucket, key, expected) {
  let head
  try {
    head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
  } catch (e) {
    return [`HeadObject ${key}: ${e.name ?? e}`]
  }
  const problems = []
  if (head.ContentLength !== expected.size)
    problems.push(`size ${head.ContentLength}, expected ${expected.size}`)
  if (bareEtag(head.ETag) !== expected.etag)
    problems.push(`ETag ${bareEtag(head.ETag)}, expected ${expected.etag}`)
  return problems
}

export async function listAll(client, bucket, prefix) {
  const out = []
  let token
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    )
    out.push(...(page.Contents ?? []))
    token = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (token)
  return out
}

/** Problems with a folder upload: every file present under prefix with its size and MD5. */
export async function checkFolder(client, bucket, prefix, data) {
  const listed = new Map((await listAll(client, bucket, prefix)).map((o) => [o.Key, o]))
  const problems = []
  let missing = 0
  let wrong = 0
  for (const f of data.files) {
    const o = listed.get(prefix + f.name)
    if (!o) missing++
    else if (o.Size !== f.size || bareEtag(o.ETag) !== f.etag) wrong++
  }
  if (missing) problems.push(`${missing} of ${data.files.length} objects missing`)
  if (wrong) problems.push(`${wrong} objects with a wrong size or ETag`)
  if (listed.size > data.files.length) problems.push(`${listed.size - data.files.length} unexpected objects`)
  return problems
}

/** Deletes everything under prefix and aborts incomplete uploads, so radosgw's memory is freed. */
export async function cleanPrefix(client, bucket, prefix) {
  const objects = await listAll(client, bucket, prefix)
  for (let i = 0; i < objects.length; i += 1000) {
    const batch = objects.slice(i, i + 1000).map((o) => ({ Key: o.Key }))
    await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }))
  }
  const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }))
  for (const u of uploads.Uploads ?? []) {
    await client
      .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId }))
      .catch(() => {})
  }
  return { deleted: objects.length, aborted: uploads.Uploads?.length ?? 0 }
}

export async function removeBucket(client, bucket) {
  await cleanPrefix(client, bucket, '')
  await client.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => {})
}

/**
 * What says the OSD is full (it then drops every write, so the next contender would hang until
 * its timeout), or undefined. Asks the monitor (`ceph health`), and reads the OSD's log, which
 * Ceph writes in batches. Only for a server started here.
 */
export function osdFailsafe(server) {
  if (!server.ownStateDir) return undefined
  const health = spawnSync(
    'ceph',
    ['--conf', `${server.ownStateDir}/ceph.conf`, '--cluster', 'ferry', 'health'],
    { encoding: 'utf8', timeout: 20_000 },
  )
  const said = `${health.stdout ?? ''}`.trim()
  if (/full/i.test(said)) return said
  return osdFailsafeLogged(server)
}

/** The OSD's own log line, if it engaged the failsafe: cheap enough to read during a run. */
export function osdFailsafeLogged(server) {
  if (!server.ownStateDir) return undefined
  try {
    const log = readFileSync(`${server.ownStateDir}/log/ferry-osd.0.log`, 'utf8')
    return log.split('\n').find((l) => l.includes('full status failsafe engaged'))
  } catch {
    return undefined
  }
}

/**
 * radosgw frees the tail of deleted (multipart) objects only in its garbage collector, by default
 * hours later; memstore keeps them in RAM until then. Run it now when the server is ours.
 */
export function collectGarbage(server) {
  if (!server.ownStateDir) return false
  const out = spawnSync(
    'radosgw-admin',
    ['--conf', `${server.ownStateDir}/ceph.conf`, '--cluster', 'ferry', 'gc', 'process', '--include-all'],
    {
      stdio: 'ignore',
      timeout: 120_000,
    },
  )
  return out.status === 0
}
