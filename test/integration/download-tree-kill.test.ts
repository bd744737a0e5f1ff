// kill -9 of `ferry get s3://BUCKET/PREFIX/ DIR` (the CLI and its engine) mid-way, with some
// small files and some ranges of the large ones done; then the same command, or
// `ferry resume --all`, finishes it: every file byte for byte, none fetched twice, no leftovers.
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { freshBucket } from '../support/s3'
import { cliEnv, expectSameTree, put, s3, summaryOf } from './download-tree-support'
import { jsonLines, putMultipart } from './objects-support'
import { killWhen, MiB, runFerry, tempDir } from './upload-support'

const tmp = tempDir('getkill')
afterAll(() => tmp.cleanup())

describe('kill -9 in the middle of a prefix download', () => {
  async function seed(label: string) {
    const bucket = await freshBucket(s3, label)
    const expected = new Map<string, Buffer>()
    for (const name of ['big-1.bin', 'big-2.bin']) {
      const bytes = randomBytes(24 * MiB + 11)
      await putMultipart(s3, bucket, `set/${name}`, bytes, 5 * MiB)
      expected.set(name, bytes)
    }
    const small = Array.from({ length: 200 }, (_, i) => i)
    await Promise.all(
      small.map(async (i) => {
        const bytes = randomBytes(500 + i * 37)
        await put(bucket, `set/small/${String(i).padStart(3, '0')}.txt`, bytes)
        expected.set(join('small', `${String(i).padStart(3, '0')}.txt`), bytes)
      }),
    )
    return { bucket, expected }
  }

  /** The CLI and its engine die together, mid-way: some small files and some ranges of the large ones done. */
  async function startAndKill(args: string[], env: NodeJS.ProcessEnv, dir: string, stateDir: string) {
    const setsDir = join(stateDir, 'transfers', 'download-sets')
    const doneCount = () => {
      try {
        const [name] = readdirSync(setsDir)
        return readFileSync(join(setsDir, name!), 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('{"t":"done"')).length
      } catch {
        return 0
      }
    }
    const rangesOf = (name: string) => {
      try {
        return readFileSync(join(dir, `${name}.ferry-partial.journal`), 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('{"r"')).length
      } catch {
        return 0
      }
    }
    await killWhen(
      args,
      env,
      'some small files and ranges of both large ones are done',
      () => doneCount() >= 30 && rangesOf('big-1.bin') >= 1 && rangesOf('big-2.bin') >= 1,
      60_000,
    )
    const before = doneCount()
    expect(before).toBeLessThan(202)
    return before
  }

  function expectFinished(dir: string, stdout: string, expected: Map<string, Buffer>, doneBefore: number) {
    expectSameTree(dir, expected)
    const summary = summaryOf(stdout)
    expect(summary).toMatchObject({ failed: 0, rejected: 0 })
    expect(summary['skipped'] as number).toBeGreaterThanOrEqual(doneBefore)
    expect((summary['files'] as number) + (summary['skipped'] as number)).toBe(expected.size)
    const bigDone = jsonLines(stdout).filter(
      (e) => e['event'] === 'done' && String(e['key']).includes('big-'),
    )
    // Cut short mid-way, each large object resumed from the ranges it had.
    expect(bigDone).toHaveLength(2)
    for (const e of bigDone) expect(e['partsReused'] as number).toBeGreaterThanOrEqual(1)
  }

  const args = (bucket: string, dir: string) => [
    'get',
    `s3://${bucket}/set/`,
    dir,
    '--part-size',
    '5MiB',
    '--concurrency',
    '2',
    '--transfers',
    '4',
    '--max-rate',
    '3MiB',
    '--json',
  ]

  /** A prefix seeded, then its download killed mid-way; a folder and a state folder of its own. */
  async function killedMidway(label: string) {
    const { bucket, expected } = await seed(label)
    const dir = join(tmp.dir, label)
    const stateDir = join(tmp.dir, `${label}-state`)
    const env = cliEnv(stateDir)
    const before = await startAndKill(args(bucket, dir), env, dir, stateDir)
    return { bucket, expected, dir, env, before }
  }

  it('the same command again finishes it: every file byte for byte, nothing fetched twice, no leftovers', async () => {
    const { bucket, expected, dir, env, before } = await killedMidway('getkill')

    const listed = await runFerry(['transfers', '--json'], env)
    const set = jsonLines(listed.stdout).find((e) => e['direction'] === 'download')!
    expect(set).toMatchObject({ state: 'paused', bucket, key: 'set/', partsTotal: 202 })

    const again = await runFerry(args(bucket, dir), env)
    expect(again.stderr).toBe('')
    expect(again.code).toBe(0)
    expectFinished(dir, again.stdout, expected, before)
    const listedAfter = await runFerry(['transfers', '--json'], env)
    expect(jsonLines(listedAfter.stdout).find((e) => e['direction'] === 'download')).toMatchObject({
      state: 'done',
      partsDone: 202,
    })
  })

  it('ferry resume --all finishes it too', async () => {
    const { expected, dir, env, before } = await killedMidway('getresume')
    const resumed = await runFerry(['resume', '--all', '--json'], env)
    expect(resumed.stderr).toBe('')
    expect(resumed.code).toBe(0)
    expectFinished(dir, resumed.stdout, expected, before)
    const nothing = await runFerry(['resume', '--all'], env)
    expect(nothing.code).toBe(0)
    expect(nothing.stderr).toBe('ferry: nothing to resume.\n')
  })
})
