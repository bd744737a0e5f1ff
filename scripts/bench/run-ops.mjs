// What a run of each kind of scenario needs around the timed command, by its op: where its
// data is (the source to upload, the objects to download, the tree to sync), the checks after
// it, and the clean-up before the next. Uploads write a fresh prefix per run that is deleted
// afterwards; downloads read objects seeded once per scenario, each run into a fresh folder of
// its own; a sync runs over the prefix its own tool seeded in its first round.
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import { ferryStateDir } from './contenders.mjs'
import {
  checkDownloadedFile,
  checkDownloadedFolder,
  emptyFolder,
  seedObject,
  seedPrefix,
  snapshotPrefix,
  unchangedSince,
} from './download-data.mjs'
import { checkFolder, checkObject, cleanPrefix, collectGarbage } from './servers.mjs'

/** The words a run that met Ferry's usage error is reported with. */
export const notSupported = (name) => `${name}: command not supported by this build`

/**
 * Where one run reads and writes: `where` is its prefix on the server, `target` the command's.
 * A download writes into `runDir`, a folder no other run used (`downloadDir` in the plan).
 */
export function runPlan({ scenario, contender, round, attempt, input, runDir }) {
  if (scenario.op === 'download') {
    const where = `${scenario.id}/source/`
    if (scenario.kind === 'file') {
      const name = basename(input.path)
      return { where, downloadDir: runDir, target: { key: `${where}${name}`, file: join(runDir, name) } }
    }
    return { where, downloadDir: runDir, target: { prefix: where, dir: runDir } }
  }
  if (scenario.op === 'sync') {
    const where = `${scenario.id}/${contender.name}/`
    return { where, target: { dir: input.dir, prefix: where }, stateId: `${scenario.id}-${contender.name}` }
  }
  const where = `${scenario.id}/${contender.name}/r${round}a${attempt}/`
  const target =
    scenario.kind === 'file'
      ? { file: input.path, key: `${where}${basename(input.path)}` }
      : { dir: input.dir, prefix: where }
  return { where, target }
}

/** Before the timed command (not timed): a download starts from a new, empty folder. */
export function beforeRun(scenario, plan) {
  if (scenario.op === 'download') emptyFolder(plan.downloadDir)
}

/** Problems with what the run left ([] when it checks out), against the local source data. */
export async function checkRun({ scenario, client, bucket, plan, input, seed }) {
  const { target } = plan
  if (scenario.op === 'download')
    return scenario.kind === 'file'
      ? checkDownloadedFile(target.file, input)
      : checkDownloadedFolder(target.dir, input)
  if (scenario.op === 'sync')
    return unchangedSince(seed.snapshot, await snapshotPrefix(client, bucket, target.prefix))
  return scenario.kind === 'file'
    ? checkObject(client, bucket, target.key, { size: input.size, etag: input.etag })
    : checkFolder(client, bucket, target.prefix, input)
}

/** Problems with what Ferry said about the run ([] when its claims hold). */
export function claimProblems(scenario, contender, claims) {
  if (!claims) return []
  if (scenario.op === 'upload') {
    const problems = []
    if (claims.verified !== claims.summaries)
      problems.push(`${contender.name} reported ${claims.verified}/${claims.summaries} transfers verified`)
    if (claims.summaries !== (scenario.kind === 'file' ? 1 : scenario.count))
      problems.push(`${claims.summaries} summaries printed`)
    return problems
  }
  if (
    scenario.op === 'download' &&
    scenario.kind === 'file' &&
    (claims.summaries !== 1 || claims.verified !== 1)
  )
    return [`${contender.name} reported ${claims.verified}/${claims.summaries} downloads verified`]
  return claims.refuted
    ? [`${contender.name} reported ${claims.refuted} failed or unverified transfer(s)`]
    : []
}

/**
 * After a run (not timed): an upload's objects go (radosgw keeps them in RAM). A download's files
 * stay until the scenario ends (afterScenario): on ext4 without a journal, creating a file walks
 * past every inode freed in the last minute or so (they are not reused yet), so deleting a run's
 * 1,000 files would charge the next contender system CPU that depends on who ran before it. They
 * are written out now instead, so their writeback does not land in the next run either. The one
 * big file (f) goes at once: a single inode, and its GiB would pile up on the disk.
 */
export async function afterRun({ scenario, server, client, bucket, plan }) {
  if (scenario.op === 'download') {
    if (scenario.kind === 'file') return rmSync(plan.downloadDir, { recursive: true, force: true })
    spawnSync('sync', ['-f', plan.downloadDir], { stdio: 'ignore', timeout: 120_000 })
    return
  }
  if (scenario.op === 'sync') return
  await cleanPrefix(client, bucket, plan.where)
  if (server.kind === 'radosgw') collectGarbage(server)
}

/** After every run of a scenario (not timed): the folders its downloads wrote go, all at once. */
export function afterScenario(scenario, workDir) {
  if (scenario.op === 'download') rmSync(workDir, { recursive: true, force: true })
}

/**
 * The data downloads and syncs start from, put on the server once and checked: the objects of a
 * download scenario (with the SDK), the tree of each sync contender (with its own sync, so its
 * own metadata is there, as after a user's first sync). Forgotten when the server is replaced.
 */
export class Seeds {
  #done = new Map()

  constructor({ settings, log }) {
    this.settings = settings
    this.log = log
  }

  reset() {
    this.#done.clear()
  }

  /**
   * Seeds what this run needs, if not done yet on this server. `runSeedSync(command)` runs a
   * contender's sync command and returns measured()'s answer. Resolves to { failure } when the
   * seed could not be had (the run then fails with that), or { snapshot } for a sync.
   */
  async ensure({ scenario, contender, client, bucket, plan, input, commandFor, runSeedSync }) {
    const id = scenario.op === 'sync' ? `${scenario.id}/${contender.name}` : scenario.id
    if (scenario.op === 'upload') return {}
    if (this.#done.has(id)) return this.#done.get(id)
    const started = Date.now()
    let seed = {}
    if (scenario.op === 'download') {
      if (scenario.kind === 'file')
        await seedObject(client, bucket, plan.target.key, input, this.settings.partSize)
      else await seedPrefix(client, bucket, plan.target.prefix, input, this.settings.concurrency)
    } else {
      rmSync(ferryStateDir(plan.stateId), { recursive: true, force: true })
      const command = commandFor()
      const m = await runSeedSync(command)
      command.cleanup?.()
      if (!m.ok) {
        const unsupported = contender.usageExit !== undefined && m.exitCode === contender.usageExit
        seed = {
          failure: `${unsupported ? notSupported(contender.name) : `${contender.name}: its seeding sync failed`} (${m.failure})`,
          unsupported,
        }
      } else {
        const problems = await checkFolder(client, bucket, plan.target.prefix, input)
        seed = problems.length
          ? { failure: `${contender.name}'s seeding sync left the wrong objects: ${problems.join('; ')}` }
          : { snapshot: await snapshotPrefix(client, bucket, plan.target.prefix) }
      }
    }
    this.log(
      `seeded ${id} in ${((Date.now() - started) / 1000).toFixed(1)} s${seed.failure ? `: FAILED: ${seed.failure}` : ''}`,
    )
    this.#done.set(id, seed)
    return seed
  }

  /** After the scenario: its objects go, with the sync contenders' state folders. */
  async drop({ scenario, server, client, bucket, names }) {
    if (scenario.op === 'upload') return
    await cleanPrefix(client, bucket, `${scenario.id}/`)
    if (server.kind === 'radosgw') collectGarbage(server)
    for (const name of names)
      rmSync(ferryStateDir(`${scenario.id}-${name}`), { recursive: true, force: true })
    for (const key of [...this.#done.keys()]) if (key.split('/')[0] === scenario.id) this.#done.delete(key)
  }
}
