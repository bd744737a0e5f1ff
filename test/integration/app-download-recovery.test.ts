// Downloads started in the window and cut short by quitting the app are taken up at the next
// start when "resume at start" allows: an object (a set of one) continues from the ranges on
// disk, a folder fetches only the files it had not finished, every file ends byte for byte with
// no partial file and no set journal left. With the setting off, each set waits as one paused
// row for Resume or Cancel. Run through the bridge of the headless main, twice on one state folder.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import { interruptedSets } from '../../src/main/journal/download-set-journal'
import type { TransferSummary } from '../../src/shared/domain/transfer'
import { testKeychain } from '../support/keychain'
import { freshBucket, saveTestConnection, testClient } from '../support/s3'
import { enginePath, MiB, tempDir, waitUntil } from './upload-support'

const s3 = testClient()
const tmp = tempDir('appdlrecover')
const SLOW = 180_000
const SMALL = 12

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort()

describe('downloads cut short by a quit, taken up when the app starts again', () => {
  let main: HeadlessMain | undefined
  afterEach(async () => {
    await main?.close()
    main = undefined
  })
  afterAll(() => tmp.cleanup())

  const call = async (m: HeadlessMain, channel: string, payload: unknown) => {
    const answer = await m.dispatch(channel, payload)
    if (!answer.ok) throw new Error(`${channel}: ${answer.error.message}`)
    return answer.value
  }
  const rows = async (m: HeadlessMain) =>
    ((await call(m, 'transfers:list', {})) as TransferSummary[]).filter((t) => t.direction === 'download')

  /** big.bin into objects/, and photos/ into folders/, the app quit with both under way. */
  async function quitMidway(label: string) {
    const stateDir = join(tmp.dir, label)
    const bucket = await freshBucket(s3, label)
    const expected = new Map<string, Buffer>()
    const put = async (key: string, bytes: Buffer) => {
      expected.set(key, bytes)
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }))
    }
    await put('big.bin', randomBytes(32 * MiB))
    await put('photos/large.bin', randomBytes(24 * MiB))
    for (let i = 0; i < SMALL; i++) await put(`photos/small-${i}.jpg`, randomBytes(64 * 1024 + i))
    const first = createHeadlessMain({ stateDir, enginePath, secrets: testKeychain })
    const connectionId = await saveTestConnection(first, 'rgw')
    // 8 MiB/s for all downloads together, one range at a time: a few seconds each, time to quit
    // with a range of big.bin finished and the rest to come.
    await call(first, 'settings:save', { maxBytesPerSecond: 8 * MiB, concurrency: 1 })
    const objects = join(tmp.dir, `${label}-objects`)
    const folders = join(tmp.dir, `${label}-folders`)
    // Folders the person picked: they exist.
    for (const dir of [objects, folders]) mkdirSync(dir)
    first.desktop.answerFolderPick(objects)
    const [started] = (await call(first, 'objects:download', {
      connectionId,
      bucket,
      keys: ['big.bin'],
      prefixes: [],
    })) as TransferSummary[]
    first.desktop.answerFolderPick(folders)
    await call(first, 'objects:download', { connectionId, bucket, keys: [], prefixes: ['photos/'] })
    await waitUntil(
      'a range of big.bin is in place',
      async () => ((await rows(first)).find((r) => r.id === started!.id)?.partsDone ?? 0) >= 1,
      SLOW,
    )
    const before = await rows(first)
    await first.close()

    expect(before.filter((r) => r.state !== 'done').length).toBeGreaterThanOrEqual(2)
    expect(existsSync(join(objects, 'big.bin'))).toBe(false)
    expect(await interruptedSets(join(stateDir, 'transfers'))).toHaveLength(2)
    return {
      stateDir,
      bucket,
      expected,
      objects,
      folders,
      doneBefore: before.filter((r) => r.state === 'done'),
    }
  }

  it(
    'finishes both at start: byte for byte, the ranges and files already there kept, nothing left behind',
    async () => {
      const { stateDir, expected, objects, folders, doneBefore } = await quitMidway('appdlrec')
      main = createHeadlessMain({ stateDir, enginePath, secrets: testKeychain, resumeOnStart: true })
      const m = main
      const files = SMALL + 2
      await waitUntil(
        'every file is done',
        async () => (await rows(m)).filter((r) => r.state === 'done').length === files - doneBefore.length,
        SLOW,
      )
      const after = await rows(m)
      expect(after.filter((r) => r.state !== 'done')).toEqual([])
      // Only what the first run had not finished was fetched again.
      expect(after.map((r) => r.key).sort()).toEqual(
        [...expected.keys()].filter((k) => !doneBefore.some((d) => d.key === k)).sort(),
      )
      const big = after.find((r) => r.key === 'big.bin')!
      expect(big.partsReused).toBeGreaterThan(0)
      expect(big.verification?.verified).toBe(true)
      expect(readFileSync(join(objects, 'big.bin')).equals(expected.get('big.bin')!)).toBe(true)
      expect(filesUnder(objects)).toEqual(['big.bin'])
      expect(filesUnder(join(folders, 'photos'))).toEqual(
        [...expected.keys()]
          .filter((k) => k.startsWith('photos/'))
          .map((k) => k.slice('photos/'.length))
          .sort(),
      )
      for (const [key, bytes] of expected)
        if (key.startsWith('photos/')) expect(readFileSync(join(folders, key)).equals(bytes), key).toBe(true)
      // Ended sets are forgotten (just after their last file): the rows are the app's record of them.
      const sets = join(stateDir, 'transfers', 'download-sets')
      await waitUntil('the ended sets are forgotten', () => readdirSync(sets).length === 0)
    },
    SLOW,
  )

  it(
    'with "resume at start" off each waits as one paused row: Resume finishes it, Cancel deletes its partial files',
    async () => {
      const { stateDir, bucket, expected, objects, folders } = await quitMidway('appdloff')
      main = createHeadlessMain({ stateDir, enginePath, secrets: testKeychain })
      const m = main
      const removed: string[][] = []
      m.subscribe('transfers:removed', (ids) => removed.push(ids as string[]))
      await waitUntil('a row for each set', async () => (await rows(m)).length === 2)
      const held = await rows(m)
      // Nothing ran: the rows wait, and so do the journals and the partial files.
      expect(held.map((r) => r.state)).toEqual(['paused', 'paused'])
      expect(await interruptedSets(join(stateDir, 'transfers'))).toHaveLength(2)
      expect(existsSync(join(objects, 'big.bin'))).toBe(false)
      expect(readdirSync(objects).some((n) => n.endsWith('.ferry-partial'))).toBe(true)
      const folderRow = held.find((r) => r.key === 'photos/')!
      expect(folderRow).toMatchObject({ bucket, source: join(folders, 'photos') })
      expect(folderRow.error?.message).toMatch(
        new RegExp(`^interrupted when Ferry quit, with \\d+ of ${SMALL + 1} files in place$`),
      )
      const objectRow = held.find((r) => r.key === 'big.bin')!
      expect(objectRow.source).toBe(join(objects, 'big.bin'))

      // Resume: the row goes, the set runs as files, every one byte for byte.
      await call(m, 'transfers:resume', { id: folderRow.id })
      expect(removed).toEqual([[folderRow.id]])
      // The set queues its files as it goes: it has ended once its journal is forgotten.
      const sets = join(stateDir, 'transfers', 'download-sets')
      await waitUntil("the folder's set ends", () => readdirSync(sets).length === 1, SLOW)
      expect((await rows(m)).filter((r) => r.key.startsWith('photos/') && r.state !== 'done')).toEqual([])
      for (const [key, bytes] of expected)
        if (key.startsWith('photos/')) expect(readFileSync(join(folders, key)).equals(bytes), key).toBe(true)

      // Cancel: the partial file and its journals go; nothing is fetched.
      await call(m, 'transfers:cancel', { id: objectRow.id })
      await waitUntil('the row is cancelled', async () =>
        (await rows(m)).some((r) => r.id === objectRow.id && r.state === 'cancelled'),
      )
      expect(readdirSync(objects)).toEqual([])
      await waitUntil('no set journal is left', () => readdirSync(sets).length === 0)
    },
    SLOW,
  )
})
