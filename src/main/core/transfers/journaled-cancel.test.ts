import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { downloadSetsDir, parseSet } from '../../journal/download-set-journal'
import { movesDir } from '../../journal/move-journal'
import {
  cancellableJournaled,
  cancelSet,
  findJournaled,
  setCancelPlan,
  setLeftovers,
} from './journaled-cancel'

const connection = { endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', pathStyle: true }
// A process gone since an earlier boot; and one alive now that is not this one.
const gone = { pid: 999_999_999, boot: 1 }
const alive = { pid: process.ppid }
const lines = (...records: unknown[]) => records.map((r) => JSON.stringify(r) + '\n').join('')

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'ferry-cancel-'))
  dirs.push(d)
  return d
}

const setHeader = (id: string, target: string) => ({
  v: 1,
  id,
  identity: 'x',
  createdAt: '2026-12-07T00:00:00.000Z',
  connection,
  sources: [{ kind: 'prefix', bucket: 'b', prefix: 'p/' }],
  target,
  rules: [],
  ifExists: 'fail',
  tuning: {},
})

const start = (p: string) => ({ t: 'start', p, k: `p/${p}`, b: 'b', e: 'e', s: 10 })

/** A set's journal in the state folder: its header, one run by `runner`, then `records`. */
function writeSet(journalDir: string, id: string, target: string, runner: object, ...records: unknown[]) {
  mkdirSync(downloadSetsDir(journalDir), { recursive: true })
  const path = join(downloadSetsDir(journalDir), `${id}.download-set`)
  writeFileSync(path, lines(setHeader(id, target), { t: 'run', at: 'x', process: runner }, ...records))
  return path
}

describe('setLeftovers', () => {
  it("names the partial file and ranges' journal of every file the set named, never a target or a path outside it", () => {
    const text = lines(
      setHeader('s1', '/dl'),
      start('a/big.bin'),
      start('done.txt'),
      { t: 'done', p: 'done.txt', e: 'e', s: 10 },
      start('bad.bin'),
      { t: 'failed', p: 'bad.bin', error: { code: 'internal', message: 'm', fix: 'f' } },
      start('../escape.bin'),
    )
    const view = parseSet(text, '/state/s1.download-set', '2026-12-07T00:00:00.000Z')!
    expect(setLeftovers(view).sort()).toEqual([
      '/dl/a/big.bin.ferry-partial',
      '/dl/a/big.bin.ferry-partial.journal',
      '/dl/bad.bin.ferry-partial',
      '/dl/bad.bin.ferry-partial.journal',
      '/dl/done.txt.ferry-partial',
      '/dl/done.txt.ferry-partial.journal',
    ])
  })
})

describe('cancelling a set', () => {
  it('removes the partial files and the journal of a prefix download, and keeps the files it finished', async () => {
    const journalDir = freshDir()
    const target = freshDir()
    writeFileSync(join(target, 'done.txt'), 'whole')
    writeFileSync(join(target, 'big.bin.ferry-partial'), 'half')
    writeFileSync(join(target, 'big.bin.ferry-partial.journal'), '{}')
    const path = writeSet(
      journalDir,
      's1',
      target,
      gone,
      start('done.txt'),
      { t: 'done', p: 'done.txt', e: 'e', s: 5 },
      start('big.bin'),
    )
    const j = await findJournaled(journalDir, 's1')
    expect(j).toMatchObject({ kind: 'download-set', state: 'open' })
    expect((await cancellableJournaled(journalDir)).map((c) => c.id)).toEqual(['s1'])
    if (j.kind !== 'download-set') throw new Error('not a set')
    // A dry run lists what exists, and removes nothing.
    expect(setCancelPlan(j).removed).toEqual([
      join(target, 'big.bin.ferry-partial'),
      join(target, 'big.bin.ferry-partial.journal'),
      path,
    ])
    expect(readdirSync(target)).toHaveLength(3)

    expect(await cancelSet(j)).toMatchObject({ kept: 1 })
    expect(readdirSync(target)).toEqual(['done.txt'])
    expect(existsSync(path)).toBe(false)
    await expect(findJournaled(journalDir, 's1')).rejects.toThrow(/no transfer s1/)
  })

  it('refuses a set another live process runs, and one that finished, touching nothing', async () => {
    const journalDir = freshDir()
    const target = freshDir()
    writeFileSync(join(target, 'big.bin.ferry-partial'), 'half')
    const running = writeSet(journalDir, 'run', target, alive, start('big.bin'))
    const finished = writeSet(journalDir, 'fin', target, gone, { t: 'end', at: 'x', status: 'done' })
    const held = await findJournaled(journalDir, 'run')
    expect(held.heldBy).toBe(process.ppid)
    if (held.kind !== 'download-set') throw new Error('not a set')
    await expect(cancelSet(held)).rejects.toThrow(
      `transfer run is running in another Ferry process (pid ${process.ppid})`,
    )
    const done = await findJournaled(journalDir, 'fin')
    if (done.kind !== 'download-set') throw new Error('not a set')
    expect(done.state).toBe('done')
    await expect(cancelSet(done)).rejects.toThrow('transfer fin already finished')
    expect(await cancellableJournaled(journalDir)).toEqual([])
    expect([existsSync(running), existsSync(finished)]).toEqual([true, true])
    expect(readdirSync(target)).toEqual(['big.bin.ferry-partial'])
  })

  it('stops a move set: its journal goes, and it counts what stays moved and what stays copied', async () => {
    const journalDir = freshDir()
    mkdirSync(movesDir(journalDir))
    const path = join(movesDir(journalDir), 'm1.move')
    const header = {
      v: 1,
      id: 'm1',
      identity: 'x',
      createdAt: '2026-12-07T00:00:00.000Z',
      connection,
      op: 'move',
      source: { kind: 'prefix', bucket: 'b', prefix: 'a/' },
      target: { bucket: 'b', key: 'c/' },
      ifExists: 'fail',
      tuning: {},
    }
    writeFileSync(
      path,
      lines(
        header,
        { t: 'run', at: 'x', process: gone },
        { t: 'copied', k: 'a/1', e: 'e', d: 'e' },
        { t: 'moved', k: 'a/1' },
        { t: 'copied', k: 'a/2', e: 'e', d: 'e' },
        { t: 'start', k: 'a/3', e: 'e', s: 1 },
      ),
    )
    const j = await findJournaled(journalDir, 'm1')
    if (j.kind !== 'move-set') throw new Error('not a move')
    expect(await cancelSet(j)).toEqual({ removed: [path], kept: 1, copiedOnly: 1 })
    expect(existsSync(path)).toBe(false)
  })
})
