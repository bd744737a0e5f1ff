// The tools under test, each as the command line a user would run, configured alike: same part
// size, same concurrency, path-style addressing, credentials from the environment, and no
// user config files read (a temp AWS_CONFIG_FILE / rclone config instead).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { REPO } from './servers.mjs'

const AWS = '/usr/bin/aws'
/** Where Ferry's journal folders go (FERRY_BENCH_STATE_ROOT overrides). */
const BENCH_STATE_ROOT = process.env.FERRY_BENCH_STATE_ROOT ?? join(homedir(), '.cache', 'ferry-bench')
const require = createRequire(import.meta.url)

function firstLine(cmd, args, env) {
  const out = spawnSync(cmd, args, { encoding: 'utf8', env: env ?? process.env, timeout: 30_000 })
  if (out.error || out.status !== 0) return undefined
  return `${out.stdout}${out.stderr}`.split('\n')[0].trim()
}

/** The environment every contender gets: this server's credentials and nothing from ~/.aws. */
function baseEnv(server, tmp) {
  const env = { ...process.env }
  for (const k of Object.keys(env)) {
    if (/^(AWS_|S3_ENDPOINT_URL$|RCLONE_)/.test(k) && k !== 'AWS_CA_BUNDLE') delete env[k]
  }
  const emptyConfig = join(tmp, 'empty-aws-config')
  if (!existsSync(emptyConfig)) writeFileSync(emptyConfig, '')
  return {
    ...env,
    AWS_ACCESS_KEY_ID: server.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
    AWS_REGION: server.region,
    AWS_DEFAULT_REGION: server.region,
    AWS_CONFIG_FILE: emptyConfig,
    AWS_SHARED_CREDENTIALS_FILE: join(tmp, 'no-such-credentials'),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  }
}

const dest = (bucket, key) => `s3://${bucket}/${key}`

/**
 * Ferry's CLI from a checkout (`root`): this repository, or with --ferry-alt another build (a
 * prototype), run alongside under the name `name` for a paired comparison.
 */
export function ferryContender(name, root, extraArgs = []) {
  const bin = join(root, 'bin/ferry.js')
  return {
    name,
    probe() {
      if (!existsSync(join(root, 'out/main/cli.js')))
        return {
          ok: false,
          note: `${root}/out/main/cli.js is missing: run \`npx electron-vite build\` first`,
        }
      const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' })
      if (!/^\s+upload\s/m.test(`${help.stdout}${help.stderr}`))
        return { ok: false, note: '`ferry upload` does not exist in this build yet' }
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
      const rev = firstLine('git', ['-C', root, 'rev-parse', '--short', 'HEAD']) ?? 'no git'
      const dirty = firstLine('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no'])
        ? '+dirty'
        : ''
      return {
        ok: true,
        version: `ferry ${pkg.version} (${root}, git ${rev}${dirty}, node ${process.version})`,
      }
    },
    command({ op = 'upload', server, bucket, target, partSize, concurrency, tmp, runId, stateId }) {
      // A fresh journal folder per run: journals of earlier runs would be read at start-up. It
      // lives under the home folder, as the app's data folder does, not in /tmp, whose file
      // creation was at times far slower on the bench machine (scripts/bench/README.md). A sync
      // keeps one (stateId) from its seed on, whatever Ferry may remember between runs.
      const stateDir = ferryStateDir(stateId ?? runId)
      if (!stateId) rmSync(stateDir, { recursive: true, force: true })
      mkdirSync(stateDir, { recursive: true })
      const connection = ['--json', '--endpoint', server.endpoint, '--region', server.region]
      const tuning = ['--part-size', String(partSize), '--concurrency', String(concurrency)]
      // As many files at once as rclone's --transfers and aws-cli's requests (Ferry's
      // default is 16): the same number of requests in flight for everyone.
      const files = ['--transfers', String(concurrency)]
      const args = {
        upload: () => [
          'upload',
          ...(target.file
            ? [target.file, dest(bucket, target.key)]
            : [`${target.dir}/`, dest(bucket, target.prefix)]),
          ...tuning,
          ...files,
          ...connection,
          ...extraArgs,
        ],
        download: () =>
          target.file
            ? ['get', dest(bucket, target.key), target.file, ...tuning, '--force', ...connection]
            : ['get', dest(bucket, target.prefix), target.dir, ...files, ...connection],
        sync: () => ['sync', target.dir, dest(bucket, target.prefix), ...connection],
      }[op]()
      return {
        cmd: process.execPath,
        args: [bin, ...args],
        env: { ...baseEnv(server, tmp), FERRY_STATE_DIR: stateDir },
        cleanup: () => (stateId ? undefined : rmSync(stateDir, { recursive: true, force: true })),
      }
    },
    /** Ferry answers a command or flag it does not know with exit 2 (usage). */
    usageExit: 2,
    ops: ['upload', 'download', 'sync'],
    /**
     * Ferry's own claims: every summary line of an upload (every `done` line of a download) says
     * verified; `refuted` counts lines saying something failed or is not verified.
     */
    claims(stdout, op = 'upload') {
      const events = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => {
          try {
            return JSON.parse(l)
          } catch {
            return undefined
          }
        })
        .filter(Boolean)
      const summaries = events.filter((o) => o.event === (op === 'download' ? 'done' : 'summary'))
      const verified = summaries.filter((s) => s.verified === true).length
      const methods = [
        ...new Set(
          summaries
            .map((s) =>
              typeof s.verification === 'string' ? s.verification : (s.verification?.method ?? s.method),
            )
            .filter(Boolean),
        ),
      ]
      const refuted = events.filter(
        (o) => o.verified === false || (typeof o.failed === 'number' && o.failed > 0),
      )
      return { summaries: summaries.length, verified, methods, refuted: refuted.length }
    },
  }
}

/** Where one Ferry run (or one sync, from its seed on) keeps its journals. */
export const ferryStateDir = (id) => join(BENCH_STATE_ROOT, `ferry-state-${id}`)

const ferry = ferryContender('ferry', REPO)

const libStorage = {
  name: 'lib-storage',
  probe() {
    try {
      const v = (name) =>
        JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [REPO] }), 'utf8')).version
      return {
        ok: true,
        version: `@aws-sdk/lib-storage ${v('@aws-sdk/lib-storage')}, @aws-sdk/client-s3 ${v('@aws-sdk/client-s3')}`,
      }
    } catch {
      return { ok: false, note: '@aws-sdk/lib-storage is not installed (npm install)' }
    }
  },
  command({ server, bucket, target, partSize, concurrency, tmp }) {
    const what = target.file
      ? ['--file', target.file, '--key', target.key]
      : ['--dir', target.dir, '--prefix', target.prefix]
    return {
      cmd: process.execPath,
      args: [
        join(REPO, 'scripts/bench/lib-storage-upload.mjs'),
        '--endpoint',
        server.endpoint,
        '--region',
        server.region,
        '--bucket',
        bucket,
        ...what,
        '--part-size',
        String(partSize),
        '--concurrency',
        String(concurrency),
      ],
      env: baseEnv(server, tmp),
    }
  },
}

function awsConfig(server, partSize, concurrency, tmp, runId) {
  const path = join(tmp, `aws-config-${runId}`)
  // aws-cli reads "8MB" as 8 MiB; bytes leave no doubt.
  writeFileSync(
    path,
    [
      '[default]',
      `region = ${server.region}`,
      's3 =',
      '    addressing_style = path',
      `    multipart_chunksize = ${partSize}`,
      `    multipart_threshold = ${partSize}`,
      `    max_concurrent_requests = ${concurrency}`,
      '',
    ].join('\n'),
  )
  return path
}

const awsCli = {
  name: 'aws-cli',
  probe() {
    if (!existsSync(AWS))
      return {
        ok: false,
        note: `${AWS} (aws-cli v2) is not installed (apt-get install awscli: Debian 12's is v2)`,
      }
    const version = firstLine(AWS, ['--version'])
    return version ? { ok: true, version } : { ok: false, note: `${AWS} --version failed` }
  },
  command({ op = 'upload', server, bucket, target, partSize, concurrency, tmp, runId }) {
    const config = awsConfig(server, partSize, concurrency, tmp, runId)
    const args = {
      upload: () =>
        target.file
          ? ['cp', target.file, dest(bucket, target.key)]
          : ['cp', target.dir, dest(bucket, target.prefix), '--recursive'],
      download: () =>
        target.file
          ? ['cp', dest(bucket, target.key), target.file]
          : ['cp', dest(bucket, target.prefix), target.dir, '--recursive'],
      sync: () => ['sync', target.dir, dest(bucket, target.prefix)],
    }[op]()
    return {
      cmd: AWS,
      args: ['s3', ...args, '--endpoint-url', server.endpoint, '--no-progress', '--only-show-errors'],
      env: { ...baseEnv(server, tmp), AWS_CONFIG_FILE: config, AWS_PAGER: '' },
      cleanup: () => rmSync(config, { force: true }),
    }
  },
  ops: ['upload', 'download', 'sync'],
}

/** aws-cli once per file (--per-file), `concurrency` processes at a time: how many scripts use it. */
const awsCliPerFile = {
  name: 'aws-cli-per-file',
  folderOnly: true,
  optIn: 'perFile',
  probe: awsCli.probe,
  command({ server, bucket, target, partSize, concurrency, tmp, runId }) {
    const config = awsConfig(server, partSize, concurrency, tmp, runId)
    const script = `cd "$1" && ls | xargs -P "$2" -I{} ${AWS} s3 cp {} "$3{}" --endpoint-url "$4" --no-progress --only-show-errors`
    return {
      cmd: 'bash',
      args: [
        '-c',
        script,
        'bench',
        target.dir,
        String(concurrency),
        dest(bucket, target.prefix),
        server.endpoint,
      ],
      env: { ...baseEnv(server, tmp), AWS_CONFIG_FILE: config, AWS_PAGER: '' },
      cleanup: () => rmSync(config, { force: true }),
    }
  },
}

const rclone = {
  name: 'rclone',
  probe() {
    const version = firstLine('rclone', ['version'])
    return version
      ? { ok: true, version }
      : { ok: false, note: 'rclone is not installed (apt-get install rclone)' }
  },
  command({ op = 'upload', server, bucket, target, partSize, concurrency, tmp }) {
    const config = join(tmp, 'rclone-empty.conf')
    if (!existsSync(config)) writeFileSync(config, '')
    const env = {
      ...baseEnv(server, tmp),
      RCLONE_CONFIG: config,
      RCLONE_CONFIG_BENCH_TYPE: 's3',
      RCLONE_CONFIG_BENCH_PROVIDER: 'Ceph',
      RCLONE_CONFIG_BENCH_ENV_AUTH: 'false',
      RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: server.accessKeyId,
      RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: server.secretAccessKey,
      RCLONE_CONFIG_BENCH_ENDPOINT: server.endpoint,
      RCLONE_CONFIG_BENCH_REGION: server.region,
      RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE: 'true',
    }
    // rclone fails with LoadCustomCABundleError when AWS_CA_BUNDLE is set (FACTS.md).
    delete env.AWS_CA_BUNDLE
    const tuning = [
      '--s3-chunk-size',
      `${partSize / 1024}Ki`,
      '--s3-upload-concurrency',
      String(concurrency),
      '--transfers',
      String(concurrency),
      '-q',
    ]
    // rclone 1.60 has no download part size: an object above the cutoff is fetched by
    // --multi-thread-streams streams, each one range of size/streams. The cutoff at one part
    // makes it split whatever the others would split.
    const streams = [
      '--multi-thread-streams',
      String(concurrency),
      '--multi-thread-cutoff',
      `${partSize / 1024}Ki`,
    ]
    const checkers = ['--checkers', String(concurrency)]
    const remote = (key) => `bench:${bucket}/${key}`
    const args = {
      upload: () =>
        target.file
          ? ['copyto', target.file, remote(target.key), ...tuning]
          : ['copy', target.dir, remote(target.prefix), ...checkers, ...tuning],
      download: () =>
        target.file
          ? ['copyto', remote(target.key), target.file, ...streams, ...tuning]
          : ['copy', remote(target.prefix), target.dir, ...checkers, ...streams, ...tuning],
      sync: () => ['sync', target.dir, remote(target.prefix), ...checkers, ...tuning],
    }[op]()
    return { cmd: 'rclone', args, env }
  },
  ops: ['upload', 'download', 'sync'],
}

/**
 * Ferry computes a CRC32 of every part (for the whole object's CRC32) from the build that has
 * full-object checksums on; the floor then computes it too.
 */
const ferryComputesCrc = () => existsSync(join(REPO, 'src/main/s3/full-object-checksum.ts'))

/**
 * The large-file floor (large-file-floor.mjs): read, MD5 (and CRC32 when Ferry computes it) per
 * part and send over keep-alive node:http, nothing else. Only where it means something: a large
 * file to the stub, which checks no signature.
 */
const floor = {
  name: 'floor',
  appliesTo: (scenario) => scenario.kind === 'file' && scenario.op === 'upload' && scenario.target === 'stub',
  probe() {
    return {
      ok: true,
      version: `large-file-floor.mjs, node ${process.version}, MD5 per part${ferryComputesCrc() ? ' + CRC32 per part and whole' : ''}`,
    }
  },
  command({ server, bucket, target, partSize, concurrency, tmp }) {
    return {
      cmd: process.execPath,
      args: [
        join(REPO, 'scripts/bench/large-file-floor.mjs'),
        '--endpoint',
        server.endpoint,
        '--bucket',
        bucket,
        '--file',
        target.file,
        '--key',
        target.key,
        '--part-size',
        String(partSize),
        '--concurrency',
        String(concurrency),
        ...(ferryComputesCrc() ? ['--crc'] : []),
      ],
      env: baseEnv(server, tmp),
    }
  },
}

export const CONTENDERS = [ferry, libStorage, awsCli, awsCliPerFile, rclone, floor]
