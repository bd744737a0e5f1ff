// The runner's command line: its options, their defaults and checks, and the settings every
// contender gets (part size, concurrency, rounds).
import { parseArgs } from 'node:util'
import { GiB, KiB, MiB } from './bench-data.mjs'

/** How far above the S3 port a bench server's monitor listens (s3-server.sh takes the next free one). */
const MON_PORT_OFFSET = 1000

/**
 * The radosgw this runner starts: its own state dir and ports, never the tests' server
 * (FERRY_S3_STATE_DIR may name that one) nor another runner's. The monitor's port follows the S3
 * port, so a restarted server never falls back to s3-server.sh's default (6789), another's.
 */
const benchPort = process.env.FERRY_BENCH_S3_PORT ?? '7800'
export const benchServer = {
  stateDir: process.env.FERRY_BENCH_S3_STATE_DIR ?? '/tmp/ferry-s3-bench',
  port: benchPort,
  monPort: String(Number(benchPort) + MON_PORT_OFFSET),
}

const dataDirDefault = `${benchServer.stateDir.replace(/\/+$/, '')}-data`

const USAGE = `Usage: node scripts/bench/run.mjs [options]   (npm run bench -- [options])

  --rounds N            rounds of every contender per scenario (default 3; medians reported)
  --concurrency N       parts (or files) in flight for every contender (default 8)
  --part-size SIZE      part size for every contender (default 8MiB)
  --quick               256 MiB file, 200 small files (1,000 for h), 1 round: for iteration
  --large               add (d): a 4 GiB file to the stub (the RSS target)
  --scenarios LIST      letters a-h or scenario ids (default a,b,c; d with --large):
                        a 1 GiB file to the stub, b to radosgw, c 1,000 files of 64 KiB to
                        radosgw, d 4 GiB to the stub, e the small files to the stub;
                        f one 1 GiB object from radosgw to disk, g 1,000 objects of 64 KiB
                        from radosgw, h a sync of 10,000 files of 1 KiB with nothing to do
  --contenders LIST     ferry,lib-storage,aws-cli,rclone,floor (default: all that are installed;
                        floor, the large-file floor, runs in a and d only)
  --per-file            add aws-cli run once per file (xargs -P N) to the small-files scenario
  --ferry-alt ROOT      add "ferry-alt": the CLI of another checkout/build (a prototype), run alongside
  --ferry-alt-args ARGS extra upload flags for ferry-alt (e.g. "--if-exists overwrite"); alone, it
                        runs this checkout's build with those flags
  --keep-s3             leave the radosgw this script started running
  --data-dir DIR        where the test files and downloads live (default: the radosgw state
                        dir with -data added, here ${dataDirDefault}: one per runner)
  --timeout SECONDS     per run (default 900)
  --settle SECONDS      before each run, wait up to this long for the CPUs to be 85% idle
                        (default 60; 0 = don't wait). The machine is shared.
  --noise-limit CORES   a run during which other processes (not the contender, not the S3
                        server) plus hypervisor steal took more than this many cores on
                        average is "noisy" (default 0.25)
  --retries N           run a noisy run again, up to N times (default 2); noisy runs are left
                        out of the medians unless no quiet one was had

radosgw: FERRY_TEST_S3_* when set, else started with scripts/s3-server.sh
(FERRY_S3_STATE_DIR=/tmp/ferry-s3-bench, FERRY_S3_PORT=7800; FERRY_BENCH_S3_STATE_DIR and
FERRY_BENCH_S3_PORT change them; its monitor's port is the S3 port + 1000) and stopped at the end.
Ctrl-C stops the current run, cleans up and writes what was measured so far.
`

export const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
    'part-size': { type: 'string', default: '8MiB' },
    quick: { type: 'boolean', default: false },
    large: { type: 'boolean', default: false },
    scenarios: { type: 'string' },
    contenders: { type: 'string' },
    'per-file': { type: 'boolean', default: false },
    'ferry-alt': { type: 'string' },
    'ferry-alt-args': { type: 'string' },
    'keep-s3': { type: 'boolean', default: false },
    // Beside the state dir, not in it: s3-server.sh wipes its state dir on every start.
    'data-dir': { type: 'string', default: dataDirDefault },
    timeout: { type: 'string', default: '900' },
    settle: { type: 'string', default: '60' },
    retries: { type: 'string', default: '2' },
    'noise-limit': { type: 'string', default: '0.25' },
    help: { type: 'boolean', short: 'h', default: false },
  },
})
if (opts.help) {
  process.stdout.write(USAGE)
  process.exit(0)
}

export const log = (msg) => process.stderr.write(`bench: ${msg}\n`)
// The runner's own SDK client (checks, clean-up) would print it once per run otherwise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

function parseSize(text) {
  const m = /^(\d+)\s*(|b|k|ki|kib|m|mi|mib|g|gi|gib)$/i.exec(text.trim())
  if (!m) throw new Error(`--part-size "${text}" is not a size like 8MiB`)
  const unit = {
    '': 1,
    b: 1,
    k: KiB,
    ki: KiB,
    kib: KiB,
    m: MiB,
    mi: MiB,
    mib: MiB,
    g: GiB,
    gi: GiB,
    gib: GiB,
  }[m[2].toLowerCase()]
  return Number(m[1]) * unit
}

export const settings = {
  rounds: Number(opts.rounds ?? (opts.quick ? 1 : 3)),
  concurrency: Number(opts.concurrency),
  partSize: parseSize(opts['part-size']),
  quick: opts.quick,
}
if (
  !(settings.rounds >= 1) ||
  !(settings.concurrency >= 1) ||
  settings.partSize < 5 * MiB ||
  settings.partSize % KiB
) {
  log('--rounds and --concurrency must be at least 1, --part-size at least 5MiB and a whole number of KiB')
  process.exit(2)
}
if (!(Number(benchPort) >= 1 && Number(benchPort) + MON_PORT_OFFSET <= 65535)) {
  log(`FERRY_BENCH_S3_PORT=${benchPort} is not a port number below ${65535 - MON_PORT_OFFSET}`)
  process.exit(2)
}
export const timeoutMs = Number(opts.timeout) * 1000
