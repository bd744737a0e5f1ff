// `ferry cancel`: uploads paused with Ctrl-C have their multipart upload aborted and their
// journal deleted; a prefix download paused with Ctrl-C loses its partial files and keeps the
// files it finished; a store out of reach keeps the journal, marked so that nothing resumes
// it, and a later cancel finishes it. Run as the built CLI against radosgw, behind a slow
// link (so an upload lasts long enough to pause) and a relay that can be taken down.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BATCH_SUFFIX, readBatch } from '../../src/main/journal/journal-batch'
import { freshBucket, testClient } from '../support/s3'
import { cliStateEnv, jsonLines, putMultipart } from './objects-support'
import {
  ferryBin,
  journaledParts,
  killWhen,
  MiB,
  openUploads,
  root,
  runFerry,
  slowLink,
  switchableRelay,
  tempDir,
  waitUntil,
  writeRandomFile,
} from './upload-support'

const namesIn = (dir: string): string[] => {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

describe('ferry cancel', () => {
  const s3 = testClient()
  const tmp = tempDir('clicancel')
  let slow: Awaited<ReturnType<typeof slowLink>>
  let relay: Awaited<ReturnType<typeof switchableRelay>>
  let bucket: string
  let stateCount = 0

  /** A state folder of its own for each test, and the environment pointing at the relay. */
  const freshState = () => {
    const stateDir = join(tmp.dir, `state-${++stateCount}`)
    return { stateDir, journalDir: join(stateDir, 'transfers'), env: cliStateEnv(stateDir, relay.endpoint) }
  }

  /** `ferry upload` of a 30 MiB file, Ctrl-C once a part is journaled; returns the transfer's id. */
  const pausedUpload = async (state: ReturnType<typeof freshState>, key: string): Promise<string> => {
    const path = join(tmp.dir, key)
    writeRandomFile(path, 30 * MiB)
    const before = new Set(namesIn(state.journalDir))
    const args = ['upload', path, `s3://${bucket}/${key}`, '--part-size', '5MiB', '--concurrency', '2']
    const child = spawn(process.execPath, [ferryBin, ...args], { cwd: root, env: state.env, stdio: 'ignore' })
    const exited = new Promise((r) => child.on('exit', r))
    let journal = ''
    await waitUntil('a part is journaled', () => {
      const name = namesIn(state.journalDir).find((n) => n.endsWith('.journal') && !before.has(n))
      if (name) journal = join(state.journalDir, name)
      return journal !== '' && journaledParts(journal).length >= 1
    })
    child.kill('SIGINT')
    await exited
    const id = basename(journal, '.journal')
    const listed = jsonLines((await runFerry(['transfers', '--json'], state.env)).stdout)
    expect(listed.find((t) => t['id'] === id)).toMatchObject({ state: 'paused', key })
    expect((await openUploads(s3, bucket)).filter((u) => u.key === key)).toHaveLength(1)
    return id
  }

  /** Nothing of the upload is left: no open upload for the key, no object, no journal, no mark. */
  const expectNothingLeft = async (state: ReturnType<typeof freshState>, id: string, key: string) => {
    expect((await openUploads(s3, bucket)).filter((u) => u.key === key)).toEqual([])
    await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).rejects.toMatchObject({
      name: 'NotFound',
    })
    expect(namesIn(state.journalDir).filter((n) => n.startsWith(id))).toEqual([])
  }

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'clicancel')
    slow = await slowLink(4 * MiB)
    relay = await switchableRelay(slow.connection.endpoint)
  })
  afterAll(async () => {
    await relay.down()
    await slow.close()
    tmp.cleanup()
  })

  it('aborts the multipart upload of a paused upload and deletes its journal', async () => {
    const state = freshState()
    const id = await pausedUpload(state, 'paused.bin')
    const cancelled = await runFerry(['cancel', id], state.env)
    expect(cancelled.stderr).toBe('')
    expect(cancelled.code).toBe(0)
    expect(cancelled.stdout).toBe(
      `cancelled ${id}: s3://${bucket}/paused.bin (multipart upload aborted, journal deleted)\n`,
    )
    await expectNothingLeft(state, id, 'paused.bin')
    expect(jsonLines((await runFerry(['transfers', '--json'], state.env)).stdout)).toEqual([])
  })

  it('--all cancels every paused upload, one JSON event each and a summary', async () => {
    const state = freshState()
    const ids = [await pausedUpload(state, 'all-1.bin'), await pausedUpload(state, 'all-2.bin')]
    const dry = await runFerry(['cancel', '--all', '--dry-run', '--json'], state.env)
    expect(dry.code).toBe(0)
    const plans = jsonLines(dry.stdout)
    expect(plans.filter((e) => e['event'] === 'plan').map((e) => e['id'])).toEqual(ids)
    expect(plans.at(-1)).toEqual({ event: 'summary', dryRun: true, wouldCancel: 2, failed: 0, finished: 0 })
    expect((await openUploads(s3, bucket)).filter((u) => u.key.startsWith('all-'))).toHaveLength(2)

    const all = await runFerry(['cancel', '--all', '--json'], state.env)
    expect(all.stderr).toBe('')
    expect(all.code).toBe(0)
    const events = jsonLines(all.stdout)
    expect(events.filter((e) => e['event'] === 'cancelled')).toEqual(
      ids.map((id, i) => ({
        event: 'cancelled',
        id,
        kind: 'upload',
        bucket,
        key: `all-${i + 1}.bin`,
        aborted: true,
      })),
    )
    expect(events.at(-1)).toEqual({ event: 'summary', cancelled: 2, failed: 0, finished: 0 })
    for (const [i, id] of ids.entries()) await expectNothingLeft(state, id, `all-${i + 1}.bin`)
  })

  it('a paused prefix download: partial files and journal removed, finished files kept', async () => {
    const state = freshState()
    const small = new Map<string, Buffer>()
    for (const name of ['a-1.txt', 'a-2.txt', 'a-3.txt']) {
      small.set(name, randomBytes(2000))
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `tree/${name}`, Body: small.get(name)! }))
    }
    for (const name of ['z-big-1.bin', 'z-big-2.bin'])
      await putMultipart(s3, bucket, `tree/${name}`, randomBytes(20 * MiB), 5 * MiB)
    const folder = join(tmp.dir, 'tree')
    const setsDir = join(state.journalDir, 'download-sets')
    const args = ['get', `s3://${bucket}/tree/`, folder, '--part-size', '5MiB', '--max-rate', '4MiB']
    const child = spawn(process.execPath, [ferryBin, ...args], { cwd: root, env: state.env, stdio: 'ignore' })
    const exited = new Promise((r) => child.on('exit', r))
    const partials = () => namesIn(folder).filter((n) => n.includes('.ferry-partial'))
    await waitUntil(
      'the small files are placed and both large ones are partial',
      () =>
        [...small.keys()].every((n) => existsSync(join(folder, n))) &&
        partials().filter((n) => n.endsWith('.ferry-partial')).length === 2,
    )
    child.kill('SIGINT')
    await exited
    expect(partials().length).toBeGreaterThanOrEqual(2)
    const [setFile] = namesIn(setsDir)
    const id = basename(setFile!, '.download-set')

    const cancelled = await runFerry(['cancel', id, '--json'], state.env)
    expect(cancelled.stderr).toBe('')
    expect(cancelled.code).toBe(0)
    const [event, summary] = jsonLines(cancelled.stdout)
    expect(event).toMatchObject({ event: 'cancelled', id, kind: 'download-set', kept: 3 })
    expect(summary).toEqual({ event: 'summary', cancelled: 1, failed: 0, finished: 0 })
    expect(partials()).toEqual([])
    expect(namesIn(setsDir)).toEqual([])
    expect(namesIn(folder).sort()).toEqual([...small.keys()])
    for (const [name, bytes] of small) expect(readFileSync(join(folder, name)).equals(bytes)).toBe(true)
  })

  it('a store out of reach: the message, the journal kept and marked, never resumed; a later cancel finishes it', async () => {
    const state = freshState()
    const id = await pausedUpload(state, 'unreachable.bin')
    const journal = join(state.journalDir, `${id}.journal`)
    const uploadId = JSON.parse(
      readFileSync(journal, 'utf8')
        .split('\n')
        .find((l) => l.includes('"uploadId"'))!,
    ).uploadId as string
    await relay.down()
    const failed = await runFerry(['cancel', id, '--json'], state.env)
    await relay.up()
    expect(failed.code).toBe(1)
    const message = `the cancel of s3://${bucket}/unreachable.bin did not finish: `
    expect(failed.stderr).toMatch(
      new RegExp(
        `^ferry: ${message.replace(/\./g, '\\.')}.+ Fix: .*Then cancel it again: Ferry keeps its journal, with the multipart upload id`,
      ),
    )
    const [event, summary] = jsonLines(failed.stdout)
    expect(event).toMatchObject({
      event: 'failed',
      id,
      kind: 'upload',
      error: { message: expect.stringContaining(message) },
    })
    expect(summary).toEqual({ event: 'summary', cancelled: 0, failed: 1, finished: 0 })
    expect(readFileSync(journal, 'utf8')).not.toContain('"t":"final"')
    expect(existsSync(join(state.journalDir, `${id}.cancel-pending`))).toBe(true)
    expect(await openUploads(s3, bucket)).toContainEqual({ key: 'unreachable.bin', uploadId })

    // The store is back: `ferry resume --all` leaves the transfer the person cancelled alone.
    const parts = journaledParts(journal).length
    const resumed = await runFerry(['resume', '--all', '--json'], state.env)
    expect(resumed.code).toBe(0)
    expect(jsonLines(resumed.stdout).filter((e) => e['id'] === id)).toEqual([])
    expect(journaledParts(journal)).toHaveLength(parts)
    const listed = jsonLines((await runFerry(['transfers', '--json'], state.env)).stdout)
    expect(listed.find((t) => t['id'] === id)).toMatchObject({
      state: 'failed',
      error: { message: `the cancel of s3://${bucket}/unreachable.bin did not finish` },
    })

    const again = await runFerry(['cancel', id], state.env)
    expect(again.stderr).toBe('')
    expect(again.code).toBe(0)
    await expectNothingLeft(state, id, 'unreachable.bin')
  })

  it('an unknown ID is bad input (exit 2) and cancels nothing, not even the IDs given with it', async () => {
    const state = freshState()
    const id = await pausedUpload(state, 'with-typo.bin')
    const result = await runFerry(['cancel', id, 'nope-0000'], state.env)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(
      `ferry: no transfer nope-0000 in ${state.journalDir}. Fix: Run ferry transfers to see the transfers there (FERRY_STATE_DIR chooses the folder).\n`,
    )
    expect(existsSync(join(state.journalDir, `${id}.journal`))).toBe(true)
    expect((await openUploads(s3, bucket)).filter((u) => u.key === 'with-typo.bin')).toHaveLength(1)
    expect((await runFerry(['cancel', id], state.env)).code).toBe(0)
    await expectNothingLeft(state, id, 'with-typo.bin')
  })

  it('refuses a transfer another running process owns, touching nothing; a done one has nothing to cancel', async () => {
    const state = freshState()
    const path = join(tmp.dir, 'owned.bin')
    writeRandomFile(path, 30 * MiB)
    const args = ['upload', path, `s3://${bucket}/owned.bin`, '--part-size', '5MiB', '--concurrency', '2']
    const child = spawn(process.execPath, [ferryBin, ...args], { cwd: root, env: state.env, stdio: 'ignore' })
    const exited = new Promise((r) => child.on('exit', r))
    let journal = ''
    await waitUntil('the upload is journaled', () => {
      const name = namesIn(state.journalDir).find((n) => n.endsWith('.journal'))
      if (name) journal = join(state.journalDir, name)
      return journal !== '' && readFileSync(journal, 'utf8').includes('"uploadId"')
    })
    const id = basename(journal, '.journal')
    const refused = await runFerry(['cancel', id], state.env)
    child.kill('SIGINT')
    await exited
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(
      new RegExp(
        `^ferry: transfer ${id} is running in another Ferry process \\(pid ${child.pid}\\)\\. Fix: Cancel it where it runs`,
      ),
    )
    expect(namesIn(state.journalDir).filter((n) => n.endsWith('.cancel-pending'))).toEqual([])
    expect(readFileSync(journal, 'utf8')).not.toContain('"t":"final"')
    expect((await openUploads(s3, bucket)).filter((u) => u.key === 'owned.bin')).toHaveLength(1)
    expect((await runFerry(['cancel', id], state.env)).code).toBe(0)
    await expectNothingLeft(state, id, 'owned.bin')

    const small = join(tmp.dir, 'small.bin')
    writeRandomFile(small, 1000)
    expect((await runFerry(['upload', small, `s3://${bucket}/small.bin`], state.env)).code).toBe(0)
    const [done] = jsonLines((await runFerry(['transfers', '--json'], state.env)).stdout)
    const result = await runFerry(['cancel', String(done!['id'])], state.env)
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      `nothing to cancel: ${String(done!['id'])} (s3://${bucket}/small.bin) already finished\n`,
    )
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'small.bin' }))
  })

  it('--all cancels the unfinished small files of a folder, each forgotten in their shared batch journal', async () => {
    const state = freshState()
    const folder = join(tmp.dir, 'smalls')
    mkdirSync(folder)
    for (let i = 0; i < 300; i++) writeRandomFile(join(folder, `s${String(i).padStart(3, '0')}.bin`), 2000)
    const states = async () =>
      jsonLines((await runFerry(['transfers', '--json'], state.env)).stdout).map((t) => t['state'])
    const doneInBatch = () => {
      const [name] = namesIn(state.journalDir).filter((n) => n.endsWith(BATCH_SUFFIX))
      if (!name) return 0
      const views = readBatch(join(state.journalDir, name))?.views.values() ?? []
      return [...views].filter((v) => v.final?.status === 'done').length
    }
    await killWhen(
      ['upload', `${folder}/`, `s3://${bucket}/smalls/`, '--transfers', '1'],
      state.env,
      'ten files are done',
      () => doneInBatch() >= 10,
    )
    const before = await states()
    const done = before.filter((s) => s === 'done').length
    expect(done).toBeLessThan(300)

    const all = await runFerry(['cancel', '--all', '--json'], state.env)
    expect(all.stderr).toBe('')
    expect(all.code).toBe(0)
    expect(jsonLines(all.stdout).at(-1)).toEqual({
      event: 'summary',
      cancelled: 300 - done,
      failed: 0,
      finished: 0,
    })
    expect(await states()).toEqual(Array.from({ length: done }, () => 'done'))
    expect((await runFerry(['resume', '--all', '--json'], state.env)).stdout).toBe('')
  })
})
