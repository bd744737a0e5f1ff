// `ferry get --max-rate` and `ferry sync --max-rate` of a prefix against radosgw: the rate is one
// total for all the objects of the command (the run takes at least what its bytes need at that
// rate), and the objects share it in turn, so the small files do not all wait for the large
// ones to finish. Only lower bounds on time: a slow machine cannot fail them.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshBucket } from '../support/s3'
import { cliEnv, expectSameTree, put, s3, summaryOf } from './download-tree-support'
import { jsonLines, putMultipart } from './objects-support'
import { MiB, runFerry, tempDir } from './upload-support'

const tmp = tempDir('sharedrate')
afterAll(() => tmp.cleanup())

const RATE = 4 * MiB
const SMALL = 120
/** What the limit allows ahead of its timetable: a 64 KiB slice and 20 ms of catch-up. */
const SLACK_BYTES = 64 * 1024 + RATE * 0.02

describe('one --max-rate for all the objects of a command', () => {
  let bucket: string
  const expected = new Map<string, Buffer>()
  let totalBytes = 0
  const lowerBoundMs = () => ((totalBytes - SLACK_BYTES) / RATE) * 1000

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'sharedrate')
    for (const name of ['big-1.bin', 'big-2.bin']) {
      const bytes = randomBytes(8 * MiB + 5)
      await putMultipart(s3, bucket, `set/${name}`, bytes, 5 * MiB)
      expected.set(name, bytes)
    }
    for (let i = 0; i < SMALL; i += 20)
      await Promise.all(
        Array.from({ length: 20 }, async (_, j) => {
          const name = `${String(i + j).padStart(3, '0')}.txt`
          const bytes = randomBytes(16 * 1024 + i + j)
          await put(bucket, `set/small/${name}`, bytes)
          expected.set(join('small', name), bytes)
        }),
      )
    totalBytes = [...expected.values()].reduce((n, b) => n + b.length, 0)
  })

  /** `ferry COMMAND s3://BUCKET/set/ DIR --max-rate 4MiB`, timed, its folder checked byte for byte. */
  async function runAtRate(command: 'get' | 'sync') {
    const dir = join(tmp.dir, command)
    const env = cliEnv(join(tmp.dir, `${command}-state`))
    const args = [command, `s3://${bucket}/set/`, dir, '--max-rate', '4MiB', '--part-size', '5MiB']
    const started = performance.now()
    const run = await runFerry([...args, '--transfers', '8', '--json'], env)
    const took = performance.now() - started
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expectSameTree(dir, expected)
    expect(took).toBeGreaterThanOrEqual(lowerBoundMs())
    return run
  }

  it('ferry get: the whole prefix at the rate, most small files done before the large ones', async () => {
    const run = await runAtRate('get')
    expect(summaryOf(run.stdout)).toMatchObject({ files: SMALL + 2, failed: 0, skipped: 0 })
    const done = jsonLines(run.stdout).filter((e) => e['event'] === 'done')
    expect(done).toHaveLength(SMALL + 2)
    for (const e of done) expect(e['verified']).toBe(true)
    // In the order they were reported: the small files had their turns while the large ones ran.
    const lastLarge = done.findLastIndex((e) => String(e['key']).includes('/big-'))
    const smallBefore = done.slice(0, lastLarge).filter((e) => String(e['key']).includes('/small/')).length
    expect(smallBefore).toBeGreaterThanOrEqual(0.75 * SMALL)
  })

  it('ferry sync down: the same total for all its downloads', async () => {
    await runAtRate('sync')
  })
})
