// A folder rename cut short by kill -9 is finished when the app starts again, when "resume at
// start" allows: every object at its new key exactly once, byte for byte, none left at its old
// key, no multipart upload open, and the person told (a set that cannot finish: why, and the
// fix). Started with the setting off, or for a set of `ferry mv` alone (no app connection in
// its journal), nothing runs.
//
// There is no Electron here, so the process killed mid-move is a `ferry mv` child on the app's
// state folder; the app's own moves name their saved connection's id in the journal header
// (object-move.ts), so the test writes that id into the header the child wrote. Nothing else
// changes: the set's identity is its endpoint's, not the id's.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { desktopServices } from '../../src/main/desktop/desktop-services'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import { interruptedMoves } from '../../src/main/journal/move-journal'
import type { SetTransferSummary, TransferSummary } from '../../src/shared/domain/transfer'
import type { Result } from '../../src/shared/errors'
import { testKeychain } from '../support/keychain'
import { freshBucket, saveTestConnection, testClient } from '../support/s3'
import { expectObjects, keysUnder, seedObjects } from './move-support'
import { cliStateEnv } from './objects-support'
import { enginePath, killWhen, openUploads, readObject, tempDir, waitUntil } from './upload-support'

const s3 = testClient()
const tmp = tempDir('appmvrecover')
// Enough that the kill lands mid-set; on two shared cores a move runs at about 15 objects a second.
const COUNT = 150
const SLOW = 180_000

const movesDir = (stateDir: string) => join(stateDir, 'transfers', 'moves')
const journalOf = (stateDir: string) => join(movesDir(stateDir), readdirSync(movesDir(stateDir))[0]!)
const journaled = (stateDir: string, t: string) => {
  try {
    return readFileSync(journalOf(stateDir), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith(`{"t":"${t}"`)).length
  } catch {
    return 0
  }
}

/** The move rows of the transfers panel. */
async function moveRows(main: HeadlessMain): Promise<SetTransferSummary[]> {
  const listed = (await main.dispatch('transfers:list', {})) as Result<TransferSummary[]>
  if (!listed.ok) throw new Error(listed.error.message)
  return listed.value.filter((t): t is SetTransferSummary => t.direction === 'move')
}

describe('a move cut short, finished when the app starts again', () => {
  let main: HeadlessMain | undefined
  afterEach(async () => {
    await main?.close()
    main = undefined
  })
  afterAll(() => tmp.cleanup())

  /** photos/ of a fresh bucket, half renamed to archive/photos/ when `ferry mv` was killed. */
  async function killedRename(label: string, asApp: boolean) {
    const stateDir = join(tmp.dir, label)
    const first = createHeadlessMain({ stateDir, enginePath, secrets: testKeychain })
    const connectionId = await saveTestConnection(first, 'rgw')
    await first.close()
    const bucket = await freshBucket(s3, label)
    const expected = await seedObjects(s3, bucket, 'photos/', COUNT)
    const args = ['mv', `s3://${bucket}/photos/`, `s3://${bucket}/archive/photos/`, '--transfers', '4']
    await killWhen(
      args,
      cliStateEnv(stateDir),
      'a third of the objects moved',
      () => journaled(stateDir, 'moved') >= COUNT / 3,
      SLOW,
    )
    const left = await keysUnder(s3, bucket, 'photos/')
    expect(left.length).toBeGreaterThan(0)
    expect(left.length).toBeLessThan(COUNT)
    if (asApp) {
      const path = journalOf(stateDir)
      const [head, ...rest] = readFileSync(path, 'utf8').split('\n')
      const header = JSON.parse(head!) as { connection: Record<string, unknown> }
      header.connection['connectionId'] = connectionId
      writeFileSync(path, [JSON.stringify(header), ...rest].join('\n'))
    }
    return { stateDir, bucket, expected, left, connectionId }
  }

  it(
    'runs the set again at start: each object at its new key once, none at the old, the person told',
    async () => {
      const { stateDir, bucket, expected, connectionId } = await killedRename('appmvrec', true)
      main = createHeadlessMain({ stateDir, enginePath, secrets: testKeychain, resumeOnStart: true })
      const changed: unknown[] = []
      main.subscribe('objects:changed', (places) => changed.push(places))
      const recovery = desktopServices(main.core).moveRecovery
      // The same rename asked for in the window while the recovery runs it (its run record is
      // written once it has the set): refused, not run twice in one process.
      await waitUntil('the recovery runs the set', () => journaled(stateDir, 'run') >= 2, SLOW)
      const twice = await main.dispatch('objects:move', {
        connectionId,
        bucket,
        moves: [{ source: 'photos/', target: 'archive/photos/' }],
      })
      expect(twice).toMatchObject({ ok: false, error: { code: 'bad-input' } })
      if (!twice.ok) expect(twice.error.message).toContain('this move is already running in Ferry')
      const outcomes = await recovery.done
      expect(outcomes.map((o) => o.kind)).toEqual(['finished'])
      // The window refreshes its listing when it shows either folder.
      expect(changed).toEqual([
        [
          { connectionId, bucket, prefix: 'photos/' },
          { connectionId, bucket, prefix: 'archive/photos/' },
        ],
      ])
      expect(outcomes[0]).toMatchObject({ objects: COUNT, skipped: 0 })
      await expectObjects(s3, bucket, 'archive/photos/', expected)
      expect(await keysUnder(s3, bucket, 'photos/')).toEqual([])
      expect(await openUploads(s3, bucket)).toEqual([])
      expect(await interruptedMoves(join(stateDir, 'transfers'))).toEqual([])
      expect(journaled(stateDir, 'end')).toBe(1)
      // The panel showed it, and shows it done with every object.
      expect(await moveRows(main)).toMatchObject([
        {
          state: 'done',
          set: { label: 'photos/ → archive/photos/', objectsDone: COUNT, objectsTotal: COUNT, listed: true },
        },
      ])
      expect(main.desktop.notifications).toEqual([
        {
          title: 'Move finished',
          body: `Finished moving photos/ to archive/photos/ (${COUNT} objects), interrupted when Ferry quit`,
        },
      ])
    },
    SLOW,
  )

  it(
    'an object put at the destination meanwhile fails the set, saying what and how to fix it',
    async () => {
      const { stateDir, bucket, expected, left } = await killedRename('appmvfail', true)
      // An object not yet started by the killed run, its destination taken while Ferry was closed.
      const started = readFileSync(journalOf(stateDir), 'utf8')
      const blocked = left.find((k) => !started.includes(`"k":${JSON.stringify(k)}`))!
      const taken = `archive/${blocked}`
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: taken, Body: 'someone else' }))
      main = createHeadlessMain({ stateDir, enginePath, secrets: testKeychain, resumeOnStart: true })
      const outcomes = await desktopServices(main.core).moveRecovery.done
      expect(outcomes).toMatchObject([{ kind: 'failed', error: { code: 'destination-exists' } }])
      expect(main.desktop.notifications).toEqual([
        {
          title: 'Move failed',
          body:
            'Moving photos/ to archive/photos/, interrupted when Ferry quit, did not finish: 1 object could not be moved; ' +
            `the first: s3://${bucket}/${taken} already exists, so s3://${bucket}/${blocked} was not moved. ` +
            'Rename, move or delete what is at the destination, then press Resume (or do the same move again): what is done stays done.',
        },
      ])
      const failed = {
        state: 'failed',
        error: { code: 'destination-exists' },
        set: { label: 'photos/ → archive/photos/' },
      }
      expect(await moveRows(main)).toMatchObject([failed])
      // Everything else moved, once; the blocked object stays where it was, the other untouched.
      const rest = new Map([...expected].filter(([name]) => `photos/${name}` !== blocked))
      const atDestination = await keysUnder(s3, bucket, 'archive/photos/')
      expect(atDestination.filter((k) => k !== taken)).toEqual(
        [...rest.keys()].map((n) => `archive/photos/${n}`).sort(),
      )
      expect(await keysUnder(s3, bucket, 'photos/')).toEqual([blocked])
      expect((await readObject(s3, bucket, taken)).toString()).toBe('someone else')
      expect(await openUploads(s3, bucket)).toEqual([])
      // The next start shows it failed again, with its error, and neither runs nor announces it.
      await main.close()
      main = createHeadlessMain({ stateDir, enginePath, secrets: testKeychain, resumeOnStart: true })
      expect(await desktopServices(main.core).moveRecovery.done).toEqual([])
      const [row] = await moveRows(main)
      expect(row).toMatchObject(failed)
      expect(main.desktop.notifications).toEqual([])
      // Cancel gives the failed set up as ferry cancel does: its journal goes, nothing else moves.
      expect(await main.dispatch('transfers:cancel', { id: row!.id })).toEqual({ ok: true, value: null })
      expect((await moveRows(main))[0]).toMatchObject({ state: 'cancelled' })
      expect(readdirSync(movesDir(stateDir))).toEqual([])
      expect(await keysUnder(s3, bucket, 'photos/')).toEqual([blocked])
    },
    SLOW,
  )

  it(
    'with resume at start off nothing runs, and the set waits',
    async () => {
      const { stateDir, bucket, left, expected } = await killedRename('appmvoff', true)
      main = createHeadlessMain({ stateDir, enginePath, secrets: testKeychain })
      expect(await desktopServices(main.core).moveRecovery.done).toEqual([])
      expect(await keysUnder(s3, bucket, 'photos/')).toEqual(left)
      expect(await interruptedMoves(join(stateDir, 'transfers'))).toHaveLength(1)
      expect(main.desktop.notifications).toEqual([])
      // It waits in the panel, interrupted, with what the journal says was moved: as many as
      // left the old folder, less those the kill caught between their delete and its record
      // (at most one per object at once, --transfers 4).
      const [row] = await moveRows(main)
      expect(row).toMatchObject({
        state: 'paused',
        set: { label: 'photos/ → archive/photos/', interrupted: true, listed: false },
      })
      expect(row!.set.objectsDone).toBeLessThanOrEqual(COUNT - left.length)
      expect(row!.set.objectsDone).toBeGreaterThanOrEqual(COUNT - left.length - 4)
      // Resume runs the same journaled set: every object at its new key once.
      expect(await main.dispatch('transfers:resume', { id: row!.id })).toEqual({ ok: true, value: null })
      await waitUntil('the move done', async () => (await moveRows(main!))[0]?.state === 'done', SLOW)
      expect((await moveRows(main))[0]!.set).toMatchObject({ objectsDone: COUNT, objectsTotal: COUNT })
      await expectObjects(s3, bucket, 'archive/photos/', expected)
      expect(await keysUnder(s3, bucket, 'photos/')).toEqual([])
      expect(await openUploads(s3, bucket)).toEqual([])
    },
    SLOW,
  )

  it(
    'leaves a set of ferry mv alone (no app connection in its journal) to ferry resume',
    async () => {
      const { stateDir, bucket, left } = await killedRename('appmvcli', false)
      main = createHeadlessMain({ stateDir, enginePath, secrets: testKeychain, resumeOnStart: true })
      expect(await desktopServices(main.core).moveRecovery.done).toEqual([])
      expect(await moveRows(main)).toEqual([])
      expect(await keysUnder(s3, bucket, 'photos/')).toEqual(left)
      expect(await interruptedMoves(join(stateDir, 'transfers'))).toHaveLength(1)
    },
    SLOW,
  )

  it(
    'Cancel of an interrupted set forgets it as ferry cancel does: each object once, the journal gone',
    async () => {
      const { stateDir, bucket, expected, left } = await killedRename('appmvcancel', true)
      main = createHeadlessMain({ stateDir, enginePath, secrets: testKeychain })
      await desktopServices(main.core).moveRecovery.done
      const [row] = await moveRows(main)
      expect(row).toMatchObject({ state: 'paused', set: { interrupted: true } })
      expect(await main.dispatch('transfers:cancel', { id: row!.id })).toEqual({ ok: true, value: null })
      expect((await moveRows(main))[0]).toMatchObject({ state: 'cancelled' })
      expect(readdirSync(movesDir(stateDir))).toEqual([])
      expect(await openUploads(s3, bucket)).toEqual([])
      // Nothing moved by the cancel: what the killed run moved stays, the rest where it was (an
      // object the kill caught copied, its source not yet deleted, stays at both, as ferry cancel leaves it).
      expect(await keysUnder(s3, bucket, 'photos/')).toEqual(left)
      const names = new Set([
        ...left.map((k) => k.slice('photos/'.length)),
        ...(await keysUnder(s3, bucket, 'archive/photos/')).map((k) => k.slice('archive/photos/'.length)),
      ])
      expect([...names].sort()).toEqual([...expected.keys()].sort())
    },
    SLOW,
  )
})
