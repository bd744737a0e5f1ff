// kill -9 of the whole `ferry upload` process group mid-upload (and SIGTERM of the CLI), then
// `ferry resume ID --json` in a new process.
import { spawn } from 'node:child_process'
import { mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BATCH_SUFFIX, readBatch } from '../../src/main/journal/journal-batch'
import { freshBucket, testClient } from '../support/s3'
import { cliStateEnv as cliEnv, jsonLines } from './objects-support'
import {
  ferryBin,
  journaledParts,
  killedAfterParts,
  MiB,
  openUploads,
  readObject,
  root,
  runFerry,
  slowLink,
  tempDir,
  waitUntil,
  writeRandomFile,
} from './upload-support'

describe('the CLI killed mid-upload', () => {
  const s3 = testClient()
  const tmp = tempDir('clikill')
  const stateDir = join(tmp.dir, 'state')
  let link: Awaited<ReturnType<typeof slowLink>>

  beforeAll(async () => {
    link = await slowLink(25 * MiB)
  })
  afterAll(async () => {
    await link.close()
    tmp.cleanup()
  })

  it('resumes from the journal in a new process and uploads the file byte for byte', async () => {
    const bucket = await freshBucket(s3, 'clikill')
    const path = join(tmp.dir, 'data.bin')
    const bytes = writeRandomFile(path, 42 * MiB)
    const env = cliEnv(stateDir, link.connection.endpoint)
    const journal = await killedAfterParts(
      ['upload', path, `s3://${bucket}/data.bin`, '--part-size', '5MiB', '--concurrency', '2', '--json'],
      env,
      join(stateDir, 'transfers'),
      2,
    )
    const journaled = new Set(journaledParts(journal)).size
    const id = journal.split('/').pop()!.replace('.journal', '')

    const listed = await runFerry(['transfers', '--json'], env)
    const entry = JSON.parse(listed.stdout.trim().split('\n')[0]!)
    expect(entry).toMatchObject({ id, state: 'failed', key: 'data.bin', error: { retryable: true } })

    const resumed = await runFerry(['resume', id, '--json'], env)
    expect(resumed.stderr).toBe('')
    expect(resumed.code).toBe(0)
    const events = resumed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    const summary = events.find((e) => e['event'] === 'summary')!
    const partCount = 9
    expect(summary).toMatchObject({ id, state: 'done', key: 'data.bin', bytes: bytes.length, verified: true })
    expect(summary['etag']).toMatch(/^[0-9a-f]{32}-9$/)
    expect(summary['partsReused'] as number).toBeGreaterThanOrEqual(journaled)
    expect(summary['partsUploaded'] as number).toBeLessThanOrEqual(
      partCount - (summary['partsReused'] as number),
    )
    expect((summary['partsUploaded'] as number) + (summary['partsReused'] as number)).toBe(partCount)
    expect((await readObject(s3, bucket, 'data.bin')).equals(bytes)).toBe(true)
    expect(await openUploads(s3, bucket)).toEqual([])
  })

  it('resumes every file of a folder, the ones that never started included', async () => {
    const bucket = await freshBucket(s3, 'clikillfolder')
    const folder = join(tmp.dir, 'album')
    mkdirSync(folder)
    // Each file goes multipart with 2 x 5 MiB in flight, the whole memory budget: one at a time.
    const files = new Map<string, Buffer>()
    for (const name of ['1.bin', '2.bin', '3.bin', '4.bin'])
      files.set(name, writeRandomFile(join(folder, name), 12 * MiB))
    const folderState = join(tmp.dir, 'state-folder')
    const env = cliEnv(folderState, link.connection.endpoint)
    const child = spawn(
      process.execPath,
      [
        ferryBin,
        'upload',
        `${folder}/`,
        `s3://${bucket}/album/`,
        '--part-size',
        '5MiB',
        '--concurrency',
        '2',
      ],
      { cwd: root, env, detached: true, stdio: 'ignore' },
    )
    const exited = new Promise((r) => child.on('exit', r))
    const journalDir = join(folderState, 'transfers')
    const journals = () => {
      try {
        return readdirSync(journalDir).map((n) => join(journalDir, n))
      } catch {
        return []
      }
    }
    await waitUntil('a part of the first file is journaled', () =>
      journals().some((j) => journaledParts(j).length >= 1),
    )
    process.kill(-child.pid!, 'SIGKILL')
    await exited
    // Each file has its journal, the three that never started included.
    expect(journals()).toHaveLength(4)
    const listed = await runFerry(['transfers', '--json'], env)
    const entries = jsonLines(listed.stdout)
    expect(entries).toHaveLength(4)
    for (const e of entries) expect(e).toMatchObject({ state: 'failed', error: { retryable: true } })

    const resumed = await runFerry(['resume', '--all', '--json'], env)
    expect(resumed.stderr).toBe('')
    expect(resumed.code).toBe(0)
    const summaries = jsonLines(resumed.stdout).filter((e) => e['event'] === 'summary')
    expect(summaries).toHaveLength(4)
    for (const summary of summaries) expect(summary).toMatchObject({ state: 'done', verified: true })
    for (const [name, bytes] of files)
      expect((await readObject(s3, bucket, `album/${name}`)).equals(bytes)).toBe(true)
    expect(await openUploads(s3, bucket)).toEqual([])
  })
  it('resumes a folder of small files from their shared batch journal, those done left alone', async () => {
    const bucket = await freshBucket(s3, 'clikillbatch')
    const folder = join(tmp.dir, 'thumbs')
    mkdirSync(folder)
    const files = new Map<string, Buffer>()
    for (let i = 0; i < 200; i++) {
      const name = `t${String(i).padStart(3, '0')}.bin`
      files.set(name, writeRandomFile(join(folder, name), 16 * 1024 + i))
    }
    const batchState = join(tmp.dir, 'state-batch')
    const env = cliEnv(batchState, link.connection.endpoint)
    const child = spawn(
      process.execPath,
      [ferryBin, 'upload', `${folder}/`, `s3://${bucket}/thumbs/`, '--transfers', '1'],
      { cwd: root, env, detached: true, stdio: 'ignore' },
    )
    const exited = new Promise((r) => child.on('exit', r))
    const journalDir = join(batchState, 'transfers')
    const finished = () => {
      try {
        const batches = readdirSync(journalDir).filter((n) => n.endsWith(BATCH_SUFFIX))
        if (batches.length !== 1) return -1
        const views = [...(readBatch(join(journalDir, batches[0]!))?.views.values() ?? [])]
        return views.filter((v) => v.final?.status === 'done').length
      } catch {
        return -1
      }
    }
    await waitUntil('ten files are done', () => finished() >= 10)
    process.kill(-child.pid!, 'SIGKILL')
    await exited
    const doneBefore = finished()
    expect(doneBefore).toBeLessThan(files.size)
    // One journal for the whole folder: no file has one of its own.
    expect(readdirSync(journalDir).filter((n) => n.endsWith('.journal'))).toEqual([])
    const listed = jsonLines((await runFerry(['transfers', '--json'], env)).stdout)
    expect(listed).toHaveLength(files.size)
    expect(listed.filter((e) => e['state'] === 'done')).toHaveLength(doneBefore)

    const resumed = await runFerry(['resume', '--all', '--json'], env)
    expect(resumed.stderr).toBe('')
    expect(resumed.code).toBe(0)
    const summaries = jsonLines(resumed.stdout).filter((e) => e['event'] === 'summary')
    expect(summaries).toHaveLength(files.size - doneBefore)
    for (const summary of summaries) expect(summary).toMatchObject({ state: 'done', verified: true })
    // In parallel: one by one, the GETs took longer than the rest of the test.
    const names = [...files.keys()]
    for (let i = 0; i < names.length; i += 25)
      await Promise.all(
        names
          .slice(i, i + 25)
          .map(async (name) =>
            expect((await readObject(s3, bucket, `thumbs/${name}`)).equals(files.get(name)!)).toBe(true),
          ),
      )
    const after = jsonLines((await runFerry(['transfers', '--json'], env)).stdout)
    expect(after.filter((e) => e['state'] === 'done')).toHaveLength(files.size)
  })

  // SIGTERM to the CLI alone: the engine runs in its process, and its jobs pause before the
  // signal ends it, so the journal says paused (not interrupted).
  it('pauses on SIGTERM, ends by the signal, and the transfer resumes', async () => {
    const bucket = await freshBucket(s3, 'cliterm')
    const path = join(tmp.dir, 'term.bin')
    const bytes = writeRandomFile(path, 42 * MiB)
    const termState = join(tmp.dir, 'state-term')
    const env = cliEnv(termState, link.connection.endpoint)
    const args = ['upload', path, `s3://${bucket}/term.bin`, '--part-size', '5MiB', '--concurrency', '2']
    const child = spawn(process.execPath, [ferryBin, ...args], { cwd: root, env, stdio: 'ignore' })
    const exited = new Promise((r) => child.on('exit', (_code, signal) => r(signal)))
    const journalDir = join(termState, 'transfers')
    const journal = () => {
      try {
        const [name] = readdirSync(journalDir)
        return name ? join(journalDir, name) : ''
      } catch {
        return ''
      }
    }
    await waitUntil('a part is journaled', () => journal() !== '' && journaledParts(journal()).length >= 1)
    child.kill('SIGTERM')
    expect(await exited).toBe('SIGTERM')
    const listed = jsonLines((await runFerry(['transfers', '--json'], env)).stdout)
    expect(listed).toHaveLength(1)
    expect(listed[0]).toMatchObject({ state: 'paused', key: 'term.bin' })

    const resumed = await runFerry(['resume', String(listed[0]!['id']), '--json'], env)
    expect(resumed.code).toBe(0)
    const summary = jsonLines(resumed.stdout).find((e) => e['event'] === 'summary')!
    expect(summary).toMatchObject({ state: 'done', verified: true })
    expect(summary['partsReused'] as number).toBeGreaterThanOrEqual(1)
    expect((await readObject(s3, bucket, 'term.bin')).equals(bytes)).toBe(true)
  })
})
