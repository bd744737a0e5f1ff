// `ferry get s3://B/KEY FILE` is journaled like a prefix download: after kill -9, `ferry
// transfers` lists it with its ID, `ferry resume --all` (or `ferry resume ID`) finishes it from
// the ranges it has, and `ferry cancel ID` removes its partial file. A version named with
// --version-id is the one resumed. Run as the built CLI against radosgw.
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { journalPathOf, partialPathOf, readJournal } from '../../src/main/journal/download-journal'
import { freshBucket, testClient } from '../support/s3'
import { cliStateEnv, jsonLines, putMultipart } from './objects-support'
import { MiB, runFerry, startFerry, tempDir } from './upload-support'

/** Waits until the download's range journal holds at least `ranges` finished ranges. */
async function rangesDone(target: string, ranges: number): Promise<void> {
  const until = Date.now() + 30_000
  while (Date.now() < until) {
    const journal = await readJournal(journalPathOf(target)).catch(() => undefined)
    if (journal && journal.done.size >= ranges) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`${target}: ${ranges} ranges were not downloaded within 30 s`)
}

describe('ferry get of one object, journaled', () => {
  const s3 = testClient()
  const tmp = tempDir('getjournal')
  let bucket: string
  let states = 0
  const freshState = () => {
    const stateDir = join(tmp.dir, `state-${++states}`)
    return { setsDir: join(stateDir, 'transfers', 'download-sets'), env: cliStateEnv(stateDir) }
  }
  const transfers = async (env: NodeJS.ProcessEnv) => {
    const run = await runFerry(['transfers', '--json'], env)
    expect(run.code).toBe(0)
    return jsonLines(run.stdout)
  }

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'get-journaled')
  })
  afterAll(() => tmp.cleanup())

  it('killed with SIGKILL: listed with its ID, and ferry resume --all finishes it byte for byte', async () => {
    const state = freshState()
    const bytes = randomBytes(30 * MiB)
    await putMultipart(s3, bucket, 'one/killed.bin', bytes, 5 * MiB)
    const target = join(tmp.dir, 'killed.bin')
    const args = ['get', `s3://${bucket}/one/killed.bin`, target, '--part-size', '5MiB', '--concurrency', '2']
    const run = startFerry([...args, '--max-rate', '8MiB'], state.env)
    await rangesDone(target, 2)
    await run.stop('SIGKILL')
    expect(existsSync(target)).toBe(false)
    const reused = (await readJournal(journalPathOf(target)))!.done.size

    const [row] = await transfers(state.env)
    expect(row).toMatchObject({
      direction: 'download',
      state: 'paused',
      bucket,
      key: 'one/killed.bin',
      source: target,
    })
    // The ranges kept count as done, though the file is not.
    expect(row!['bytesDone']).toBe(reused * 5 * MiB)
    const resumed = await runFerry(['resume', '--all', '--json'], state.env)
    expect(resumed.stderr).not.toMatch(/error|failed/i)
    expect(resumed.code).toBe(0)
    // The resume fetched only what was missing: the ranges kept before the kill were reused.
    expect(jsonLines(resumed.stdout).find((l) => l['event'] === 'done')).toMatchObject({
      key: 'one/killed.bin',
      verified: true,
      partsReused: reused,
    })
    expect(readFileSync(target).equals(bytes)).toBe(true)
    expect(existsSync(partialPathOf(target))).toBe(false)
    expect(existsSync(journalPathOf(target))).toBe(false)
    expect(await transfers(state.env)).toEqual([expect.objectContaining({ id: row!['id'], state: 'done' })])
  })

  it('paused with Ctrl-C: ferry cancel ID removes the partial file, the ranges and the journal', async () => {
    const state = freshState()
    await putMultipart(s3, bucket, 'one/paused.bin', randomBytes(30 * MiB), 5 * MiB)
    const target = join(tmp.dir, 'paused.bin')
    const run = startFerry(
      [
        'get',
        `s3://${bucket}/one/paused.bin`,
        target,
        '--part-size',
        '5MiB',
        '--concurrency',
        '2',
        '--max-rate',
        '8MiB',
      ],
      state.env,
    )
    await rangesDone(target, 1)
    await run.stop('SIGINT')
    expect(existsSync(partialPathOf(target))).toBe(true)
    const [row] = await transfers(state.env)
    expect(row).toMatchObject({ state: 'paused', source: target })

    const cancelled = await runFerry(['cancel', String(row!['id']), '--json'], state.env)
    expect(cancelled.stderr).toBe('')
    expect(cancelled.code).toBe(0)
    expect(jsonLines(cancelled.stdout)[0]).toMatchObject({ event: 'cancelled', id: row!['id'], kept: 0 })
    expect(existsSync(target)).toBe(false)
    expect(existsSync(partialPathOf(target))).toBe(false)
    expect(existsSync(journalPathOf(target))).toBe(false)
    expect(readdirSync(state.setsDir)).toEqual([])
  })

  it('resumes the version named with --version-id, not the latest', async () => {
    const state = freshState()
    const versioned = await freshBucket(s3, 'get-journaled-v')
    expect((await runFerry(['versioning', `s3://${versioned}`, 'on'], state.env)).code).toBe(0)
    const first = randomBytes(20 * MiB)
    const v1 = await s3.send(new PutObjectCommand({ Bucket: versioned, Key: 'doc.bin', Body: first }))
    await s3.send(new PutObjectCommand({ Bucket: versioned, Key: 'doc.bin', Body: randomBytes(20 * MiB) }))
    const target = join(tmp.dir, 'doc-v1.bin')
    const run = startFerry(
      [
        'get',
        `s3://${versioned}/doc.bin`,
        target,
        '--version-id',
        v1.VersionId!,
        '--part-size',
        '5MiB',
        '--concurrency',
        '1',
        '--max-rate',
        '6MiB',
      ],
      state.env,
    )
    await rangesDone(target, 1)
    await run.stop('SIGKILL')
    const [row] = await transfers(state.env)
    const resumed = await runFerry(['resume', String(row!['id'])], state.env)
    expect(resumed.code).toBe(0)
    expect(readFileSync(target).equals(first)).toBe(true)
  })
})
