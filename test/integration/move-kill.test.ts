// kill -9 of `ferry mv` of 600 objects a third of the way, then the same command (or `ferry resume
// --all`): every object ends at its new key exactly once, byte for byte, and none is left at
// its old key or lost.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { freshBucket, testClient } from '../support/s3'
import { expectObjects, keysUnder, seedObjects } from './move-support'
import { cliStateEnv, jsonLines } from './objects-support'
import { killWhen, runFerry, tempDir } from './upload-support'

const s3 = testClient()
const tmp = tempDir('mvkill')
afterAll(() => tmp.cleanup())
// Enough that the kill lands with copies in flight and most of the set still to do; on two
// shared cores a move here runs at about 15 objects a second.
const COUNT = 600
const SLOW = 300_000

describe('kill -9 in the middle of a move of 600 objects', () => {
  /** Lines of one kind in the set's journal so far. */
  const journaled = (stateDir: string, t: string) => {
    try {
      const dir = join(stateDir, 'transfers', 'moves')
      const [name] = readdirSync(dir)
      return readFileSync(join(dir, name!), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith(`{"t":"${t}"`)).length
    } catch {
      return 0
    }
  }

  async function killedMidway(label: string) {
    const bucket = await freshBucket(s3, label)
    const expected = await seedObjects(s3, bucket, 'src/', COUNT)
    const stateDir = join(tmp.dir, label)
    const env = cliStateEnv(stateDir)
    const args = ['mv', `s3://${bucket}/src/`, `s3://${bucket}/dst/`, '--transfers', '8', '--json']
    await killWhen(
      args,
      env,
      'a third of the objects moved',
      () => journaled(stateDir, 'moved') >= COUNT / 3,
      SLOW,
    )
    const moved = journaled(stateDir, 'moved')
    expect(moved).toBeLessThan(COUNT)
    // Cut short with copies in flight: some objects are at both keys, or copied but not yet deleted.
    const left = await keysUnder(s3, bucket, 'src/')
    expect(left.length).toBeGreaterThan(0)
    expect(left.length).toBeLessThan(COUNT)
    return { bucket, expected, env, args, moved }
  }

  async function expectFinished(
    bucket: string,
    expected: Map<string, Buffer>,
    stdout: string,
    movedBefore: number,
  ) {
    await expectObjects(s3, bucket, 'dst/', expected)
    expect(await keysUnder(s3, bucket, 'src/')).toEqual([])
    const summary = jsonLines(stdout).find((e) => e['event'] === 'summary')!
    expect(summary).toMatchObject({ failed: 0, skipped: 0 })
    // The second run moved only what the first had not: the rest were no longer at their old keys.
    expect(summary['objects'] as number).toBeLessThanOrEqual(COUNT - movedBefore)
  }

  it(
    'the same command again finishes it: each object at its new key exactly once, none lost',
    async () => {
      const { bucket, expected, env, args, moved } = await killedMidway('mvkill')
      const listed = await runFerry(['transfers', '--json'], env)
      const paused = jsonLines(listed.stdout).find((e) => String(e['source']).endsWith('/src/'))
      expect(paused).toMatchObject({
        state: 'paused',
        bucket,
        key: 'dst/',
        error: { code: 'paused' },
        // What is done is counted; the total is not known before the set finishes.
        size: 0,
      })
      const total = [...expected.values()].reduce((sum, b) => sum + b.length, 0)
      // Every object moved was copied first, and each holds at least 64 bytes (seedObjects).
      expect(paused!['bytesDone']).toBeGreaterThanOrEqual(moved * 64)
      expect(paused!['bytesDone']).toBeLessThan(total)
      const again = await runFerry(args, env)
      expect(again.stderr).toBe('')
      expect(again.code).toBe(0)
      await expectFinished(bucket, expected, again.stdout, moved)
      const after = await runFerry(['transfers', '--json'], env)
      expect(
        jsonLines(after.stdout)
          .filter((e) => String(e['source']).endsWith('/src/'))
          .at(-1),
      ).toMatchObject({
        state: 'done',
        size: total,
        bytesDone: total,
      })
    },
    SLOW,
  )

  it(
    'ferry resume --all finishes it too',
    async () => {
      const { bucket, expected, env, moved } = await killedMidway('mvresume')
      const resumed = await runFerry(['resume', '--all', '--json'], env)
      expect(resumed.stderr).toBe('')
      expect(resumed.code).toBe(0)
      await expectFinished(bucket, expected, resumed.stdout, moved)
      const nothing = await runFerry(['resume', '--all'], env)
      expect(nothing.stderr).toMatch(/^ferry: nothing to resume\.\n/)
    },
    SLOW,
  )
})
