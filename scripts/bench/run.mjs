#!/usr/bin/env node
// `npm run bench`: Ferry against @aws-sdk/lib-storage, aws-cli v2 and rclone, run alternately
// (round-robin, the starting contender rotating each round) with the same part size and
// concurrency, on (a) a large file to a local S3 stub (the client's ceiling), (b) the same file
// to radosgw, (c) many small files to radosgw, with --large (d) a 4 GiB file to the stub, and on
// request downloads from radosgw (f, g) and a sync with nothing to do (h); scenarios.mjs.
// Prints medians, ratios and the targets; writes everything to bench-results/<time>.json. Every
// run is checked (the object on the server, the downloaded file's MD5, the sync's no-op), so a
// contender cannot win by failing.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, release, totalmem } from 'node:os'
import { join } from 'node:path'
import { bigFile, GiB, MiB, smallFiles } from './bench-data.mjs'
import { benchServer, log, opts, settings, timeoutMs } from './options.mjs'
import { writeResults } from './results-file.mjs'
import { CONTENDERS, ferryContender } from './contenders.mjs'
import { cpuCounters, foreignCpu, processCpuS, settle } from './machine-load.mjs'
import { measured, stopActiveRun } from './measure-run.mjs'
import { evaluateTargets, figures, fmt, renderReport, summarize } from './report.mjs'
import {
  afterRun,
  afterScenario,
  beforeRun,
  checkRun,
  claimProblems,
  notSupported,
  runPlan,
  Seeds,
} from './run-ops.mjs'
import { allScenarios } from './scenarios.mjs'
import {
  clientFor,
  osdFailsafe,
  osdFailsafeLogged,
  createBucket,
  removeBucket,
  REPO,
  startRadosgw,
  startStub,
  stubStats,
} from './servers.mjs'

const ALL_SCENARIOS = allScenarios({ quick: opts.quick })
const wanted = (opts.scenarios ?? (opts.large ? 'a,b,c,d' : 'a,b,c')).split(',').map((s) => s.trim())
const scenarios = ALL_SCENARIOS.filter((s) => wanted.includes(s.letter) || wanted.includes(s.id))
if (scenarios.length === 0) {
  log(`no scenario matches --scenarios ${opts.scenarios}`)
  process.exit(2)
}

// --- contenders ---
const askedFor = opts.contenders?.split(',').map((s) => s.trim())
const versions = {}
const contenders = []
const pool = [...CONTENDERS]
if (opts['ferry-alt'] || opts['ferry-alt-args']) {
  const extra = (opts['ferry-alt-args'] ?? '').split(/\s+/).filter(Boolean)
  pool.splice(1, 0, ferryContender('ferry-alt', opts['ferry-alt'] ?? REPO, extra))
}
for (const c of pool) {
  if (askedFor && !askedFor.includes(c.name) && c.name !== 'ferry-alt') continue
  if (c.optIn === 'perFile' && !opts['per-file'] && !askedFor?.includes(c.name)) continue
  const probe = c.probe()
  if (!probe.ok) {
    log(`skipping ${c.name}: ${probe.note}`)
    continue
  }
  versions[c.name] = probe.version
  contenders.push(c)
}
if (contenders.length === 0) {
  log('no contender is available')
  process.exit(1)
}

const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model,
  memoryGiB: Number((totalmem() / GiB).toFixed(1)),
  kernel: release(),
  node: process.version,
  python: spawnSync('/usr/bin/python3', ['--version'], { encoding: 'utf8' }).stdout?.trim(),
  loadavgAtStart: loadavg(),
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Fresh radosgw servers one bench run may start after the first one's OSD failed. */
const MAX_RADOSGW_RESTARTS = 4

// Downloads land beside the source data (--data-dir), on the same disk, each run in a folder of
// its own under this one (run-ops.mjs).
const workDir = join(opts['data-dir'], 'downloaded')
const seeds = new Seeds({ settings, log })

let interrupted = false
process.on('SIGINT', () => {
  if (interrupted) process.exit(130)
  interrupted = true
  log('interrupted: stopping the current run, then cleaning up (Ctrl-C again to quit at once)')
  stopActiveRun()
})

async function main() {
  log(
    `contenders: ${contenders.map((c) => c.name).join(', ')}; scenarios: ${scenarios.map((s) => s.id).join(', ')}`,
  )
  log(
    `part size ${settings.partSize / MiB} MiB, concurrency ${settings.concurrency}, ${settings.rounds} round(s)`,
  )
  for (const [name, v] of Object.entries(versions)) log(`  ${name}: ${v}`)

  // Data first (not timed).
  const data = {}
  for (const s of scenarios) {
    if (s.kind === 'file')
      data[s.id] = await bigFile(opts['data-dir'], s.bytes, settings.partSize, log, {
        md5: s.op === 'download',
      })
    else data[s.id] = smallFiles(opts['data-dir'], s.count, s.fileSize, log)
  }

  const tmp = mkdtempSync('/tmp/ferry-bench-')
  const bucket = `ferry-bench-${Date.now().toString(36)}`
  const servers = {}
  const clients = {}
  const runs = []
  // Why the bench stopped before its end (a server that could not be replaced), if it did.
  let stoppedEarly
  try {
    if (scenarios.some((s) => s.target === 'stub')) servers.stub = await startStub()
    // Its own state dir and ports (options.mjs), the restarted server's too.
    const radosgwOptions = { ...benchServer, keep: opts['keep-s3'] }
    if (scenarios.some((s) => s.target === 'radosgw')) servers.radosgw = startRadosgw(radosgwOptions, log)
    let restarts = 0
    // radosgw's memstore OSD can engage its "full" failsafe after a few runs, whatever its size
    // (servers.mjs), and then drops every write. A fresh server takes its place and the run that
    // met it runs again; only a server that keeps failing stops the bench.
    const replaceRadosgw = async (why) => {
      if (++restarts > MAX_RADOSGW_RESTARTS || !servers.radosgw.ownStateDir) {
        throw new Error(
          `radosgw's OSD stopped taking writes (${why}), ${restarts - 1} time(s) this run; the runs so far are in the log above. Fix: run the bench again with fewer --rounds or scenarios (--scenarios), or a different FERRY_S3_MEMSTORE_BYTES`,
        )
      }
      log(`radosgw: its OSD stopped taking writes (${why}); starting a fresh one, then this run again`)
      await servers.radosgw.stop()
      seeds.reset()
      try {
        servers.radosgw = startRadosgw(radosgwOptions, log)
        clients.radosgw = clientFor(servers.radosgw)
        await createBucket(clients.radosgw, bucket)
      } catch (e) {
        throw new Error(
          `the fresh radosgw (state ${radosgwOptions.stateDir}) did not come up or did not answer: ${e?.message ?? e}. Fix: look at ${radosgwOptions.stateDir}/log, then run the bench again`,
          { cause: e },
        )
      }
    }
    for (const [kind, server] of Object.entries(servers)) {
      clients[kind] = clientFor(server)
      await createBucket(clients[kind], bucket)
      log(`${kind}: ${server.endpoint}, bucket ${bucket}`)
    }

    for (const scenario of scenarios) {
      if (interrupted || stoppedEarly) break
      const input = data[scenario.id]
      // aws-cli per file is a folder-only variant; lib-storage only uploads; the floor only large files to the stub.
      const field = contenders.filter(
        (c) =>
          (!c.folderOnly || scenario.kind === 'folder') &&
          (c.ops ?? ['upload']).includes(scenario.op) &&
          (c.appliesTo?.(scenario) ?? true),
      )
      if (field.length === 0) log(`${scenario.id}: no contender takes part (--contenders)`)
      // A contender whose build lacks the command fails once, not once per round.
      const unsupported = new Set()
      for (let round = 1; round <= settings.rounds; round++) {
        // Rotate who goes first, so no contender always runs on a machine warmed (or tired) by another.
        const order = field.map((_, i) => field[(i + round - 1) % field.length])
        for (const contender of order) {
          if (unsupported.has(contender.name)) continue
          for (let attempt = 0; !interrupted; attempt++) {
            const server = servers[scenario.target]
            const client = clients[scenario.target]
            // A run caught by the failsafe would wait out --timeout: stop it as soon as it shows.
            const watch =
              server.kind === 'radosgw'
                ? setInterval(() => {
                    if (osdFailsafeLogged(server)) stopActiveRun()
                  }, 2000)
                : undefined
            const run = await runOnce({
              scenario,
              contender,
              round,
              attempt,
              server,
              client,
              input,
              tmp,
              bucket,
            }).finally(() => clearInterval(watch))
            // Stopped by Ctrl-C: not a result.
            if (interrupted) break
            // A full OSD drops every write, deletes included: no cleanup, a fresh server, and
            // this run again (not counted as an attempt).
            const failsafe = server.kind === 'radosgw' ? osdFailsafe(server) : undefined
            if (failsafe) {
              run.discarded = true
              delete run.plan
              run.failure = `radosgw's OSD failsafe: ${run.failure ?? 'the run finished, but on a failing server'}`
              runs.push(run)
              log(
                `[${round}/${settings.rounds}] ${scenario.id} ${contender.name.padEnd(16)} DISCARDED: the server failed`,
              )
              await replaceRadosgw(failsafe.replace(/.*\] : /, ''))
              attempt--
              continue
            }
            if (run.unsupported) unsupported.add(contender.name)
            const last = !run.noisy || attempt >= Number(opts.retries)
            if (!last) run.discarded = true
            runs.push(run)
            const f = run.figures
            log(
              `[${round}/${settings.rounds}] ${scenario.id} ${contender.name.padEnd(16)} ` +
                (run.ok
                  ? `${fmt(f.wallS, 2)} s  ${fmt(f.throughput, 0)} ${scenario.kind === 'folder' ? 'files/s' : 'MiB/s'}  CPU ${fmt(f.cpuS, 2)} s  RSS ${fmt(f.maxRssMiB, 0)} MiB (tree ${fmt(f.treeRssMiB, 0)})  server ${fmt(run.serverCpuS, 1)} CPU-s  neighbours ${fmt(run.neighboursCpuS, 1)} CPU-s` +
                    (run.problems.length ? `  CHECK FAILED: ${run.problems.join('; ')}` : '  checked')
                  : `FAILED: ${run.failure}`) +
                (run.noisy
                  ? last
                    ? '  (noisy, kept: no retries left)'
                    : '  (noisy: neighbours were busy; running it again)'
                  : ''),
            )
            // radosgw keeps objects in RAM (memstore): free them before the next run.
            await afterRun({ scenario, server, client, bucket, plan: run.plan })
            delete run.plan
            await sleep(1000)
            if (last) break
          }
        }
      }
      afterScenario(scenario, workDir)
      await seeds.drop({
        scenario,
        server: servers[scenario.target],
        client: clients[scenario.target],
        bucket,
        names: field.map((c) => c.name),
      })
    }
  } catch (e) {
    // A server that could not be replaced (or stopped answering): what was measured so far is
    // still reported and written, with the reason.
    if (runs.length === 0) throw e
    stoppedEarly = e instanceof Error ? e.message : String(e)
    log(`STOPPED EARLY: ${stoppedEarly}`)
    log('the report and results file below hold the runs measured until then')
  } finally {
    rmSync(workDir, { recursive: true, force: true })
    // Bounded: against a full OSD the deletes hang, and the server is stopped next anyway.
    if (clients.radosgw)
      await Promise.race([
        removeBucket(clients.radosgw, bucket).catch(() => {}),
        new Promise((r) => setTimeout(r, 30_000).unref()),
      ])
    await servers.stub?.stop()
    await servers.radosgw?.stop()
    rmSync(tmp, { recursive: true, force: true })
  }

  const names = contenders.map((c) => c.name)
  const kept = runs.filter((r) => !r.discarded)
  const rows = summarize(scenarios, names, kept)
  const targets = evaluateTargets(scenarios, rows, kept, settings)
  const report = renderReport(scenarios, rows, targets)
  process.stdout.write(`${report}\n`)

  const path = writeResults({
    quick: opts.quick,
    machine,
    versions,
    settings,
    scenarios,
    rows,
    targets,
    runs,
    stoppedEarly,
  })
  log(`wrote ${path}`)
  if (stoppedEarly) {
    log(`stopped early (see above): ${stoppedEarly}`)
    process.exitCode = 1
  }
}

/** One timed run of one contender, checked afterwards, with what the machine did meanwhile. */
async function runOnce({ scenario, contender, round, attempt, server, client, input, tmp, bucket }) {
  const runId = `${scenario.id}-r${round}-${contender.name}-${attempt}`
  const plan = runPlan({ scenario, contender, round, attempt, input, runDir: join(workDir, runId) })
  const commandFor = () =>
    contender.command({
      op: scenario.op,
      server,
      bucket,
      target: plan.target,
      partSize: settings.partSize,
      concurrency: settings.concurrency,
      tmp,
      runId,
      stateId: plan.stateId,
    })
  const seed = await seeds.ensure({
    scenario,
    contender,
    client,
    bucket,
    plan,
    input,
    commandFor,
    runSeedSync: (command) => measured(command, { tmp, runId: `${runId}-seed`, timeoutMs }),
  })
  if (seed.failure) {
    const { where } = plan
    return {
      scenario: scenario.id,
      contender: contender.name,
      round,
      attempt,
      where,
      plan,
      ok: false,
      failure: seed.failure,
      unsupported: seed.unsupported,
      problems: [],
    }
  }
  beforeRun(scenario, plan)
  const command = commandFor()
  const calm = Number(opts.settle) > 0 ? await settle({ maxMs: Number(opts.settle) * 1000 }) : undefined
  // Ctrl-C while waiting for a quiet machine: no run starts (the caller stops at once).
  if (interrupted) {
    command.cleanup?.()
    return { scenario: scenario.id, contender: contender.name, round, attempt, ok: false, problems: [] }
  }
  if (calm && !calm.settled)
    log(`the machine stayed busy (${fmt(100 - calm.idle * 100, 0)}% CPU used by others); running anyway`)
  const before = server.kind === 'stub' ? await stubStats(server.endpoint) : undefined
  const load = loadavg()[0]
  const serverPids = server.pids()
  const serverBefore = processCpuS(serverPids)
  const cpuBefore = cpuCounters()
  const m = await measured(command, { tmp, runId, timeoutMs })
  const cpuAfter = cpuCounters()
  const serverCpuS = processCpuS(serverPids) - serverBefore
  const after = server.kind === 'stub' ? await stubStats(server.endpoint) : undefined
  command.cleanup?.()

  const problems = []
  if (m.ok) problems.push(...(await checkRun({ scenario, client, bucket, plan, input, seed })))
  const claims = contender.claims?.(m.stdout ?? '', scenario.op)
  if (m.ok) problems.push(...claimProblems(scenario, contender, claims))
  // A build without the command (or flag) answers with a usage error: a clear failure, not a crash.
  const unsupported =
    !m.ok &&
    scenario.op !== 'upload' &&
    contender.usageExit !== undefined &&
    m.exitCode === contender.usageExit
  if (unsupported) m.failure = `${notSupported(contender.name)} (${m.failure})`
  if (m.lingeringPids?.length)
    problems.push(`left ${m.lingeringPids.length} process(es) running after it exited (killed)`)

  // Whatever else the machine did meanwhile: neighbours (other work on this shared machine),
  // plus this runner and measure.py's sampling (a few percent of a core).
  const neighboursCpuS = m.ok
    ? foreignCpu(cpuBefore, cpuAfter, m.cpuUserS + m.cpuSysS + serverCpuS)
    : undefined
  const noiseLimit = Number(opts['noise-limit'])
  const stealS = cpuAfter.stealS - cpuBefore.stealS
  const noisy = m.ok && neighboursCpuS + stealS > Math.max(0.5, noiseLimit * m.wallS)
  return {
    scenario: scenario.id,
    contender: contender.name,
    round,
    attempt,
    where: plan.where,
    plan,
    ok: m.ok,
    ...(unsupported ? { unsupported } : {}),
    ...(m.failure ? { failure: m.failure } : {}),
    problems,
    noisy,
    loadavg1m: load,
    idleBefore: calm?.idle,
    serverCpuS,
    neighboursCpuS,
    stealS,
    ...(m.ok
      ? { measured: pickMeasured(m), figures: figures(scenario, m) }
      : { stderrTail: (m.stderr ?? '').trim().split('\n').slice(-10) }),
    ...(claims ? { claims } : {}),
    ...(before && after ? { stubRequests: diffCounts(before.requests, after.requests) } : {}),
  }
}

function pickMeasured(m) {
  const { wallS, reapS, cpuUserS, cpuSysS, maxRssKiB, treeRssPeakKiB, maxProcesses, processes, exitCode } = m
  return { wallS, reapS, cpuUserS, cpuSysS, maxRssKiB, treeRssPeakKiB, maxProcesses, processes, exitCode }
}

function diffCounts(before = {}, after = {}) {
  const out = {}
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) out[k] = v - (before[k] ?? 0)
  return out
}

main().catch((e) => {
  log(`failed: ${e instanceof Error ? e.stack : e}`)
  process.exit(1)
})
