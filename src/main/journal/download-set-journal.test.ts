import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  DownloadSetWriter,
  findContinuable,
  interruptedSets,
  parseSet,
  readSets,
  setIdentity,
  START_FLUSH_MS,
  type SetHeader,
  type SetRequest,
} from './download-set-journal'

const connection = { endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', pathStyle: true }
const request: SetRequest = {
  sources: [{ kind: 'prefix', bucket: 'b', prefix: 'photos/' }],
  target: '/home/me/photos',
  rules: [],
  ifExists: 'fail',
  tuning: {},
}
const header = (id: string): SetHeader => ({
  v: 1,
  id,
  identity: setIdentity(connection, request),
  createdAt: '2026-12-07T00:00:00.000Z',
  connection,
  ...request,
})

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'ferry-set-'))
  dirs.push(d)
  return d
}

describe('setIdentity', () => {
  it('is the same for the same command and differs by folder, sources, filters or --if-exists', () => {
    const same = setIdentity(connection, { ...request, tuning: { concurrency: 2 } })
    expect(same).toBe(setIdentity(connection, request))
    expect(setIdentity(connection, { ...request, target: '/elsewhere' })).not.toBe(same)
    expect(setIdentity(connection, { ...request, rules: [{ kind: 'exclude', pattern: '*.tmp' }] })).not.toBe(
      same,
    )
    expect(setIdentity(connection, { ...request, ifExists: 'skip' })).not.toBe(same)
    expect(setIdentity({ ...connection, endpoint: 'http://other' }, request)).not.toBe(same)
  })
})

describe('parseSet', () => {
  const lines = (...records: unknown[]) => records.map((r) => JSON.stringify(r) + '\n').join('')

  it('reads finished and started files, and ignores a last line torn by a kill', () => {
    const text =
      lines(
        header('s1'),
        { t: 'start', p: 'a.txt', k: 'photos/a.txt', b: 'b', e: 'e1', s: 3 },
        { t: 'done', p: 'a.txt', e: 'e1', s: 3 },
        { t: 'start', p: 'b.txt', k: 'photos/b.txt', b: 'b', e: 'e2', s: 4, x: true },
      ) + '{"t":"done","p":"b.txt","e":"e2"'
    const view = parseSet(text, '/x', 'now')!
    expect([...view.done.keys()]).toEqual(['a.txt'])
    expect(view.started.get('b.txt')).toEqual({ etag: 'e2', size: 4, existed: true })
    expect(view.end).toBeUndefined()
  })

  it("a failure after a start means the file is not the set's; a later finish clears the failure", () => {
    const failed = { code: 'access-denied', message: 'no', fix: 'ask' }
    const view = parseSet(
      lines(
        header('s2'),
        { t: 'start', p: 'a.txt', k: 'photos/a.txt', b: 'b', e: 'e1', s: 3 },
        { t: 'failed', p: 'a.txt', error: failed },
        { t: 'start', p: 'c.txt', k: 'photos/c.txt', b: 'b', e: 'e3', s: 3 },
        { t: 'failed', p: 'c.txt', error: failed },
        { t: 'done', p: 'c.txt', e: 'e3', s: 3 },
      ),
      '/x',
      'now',
    )!
    expect(view.started.has('a.txt')).toBe(false)
    expect([...view.failed.keys()]).toEqual(['a.txt'])
    expect(view.done.has('c.txt')).toBe(true)
  })

  it('an unreadable header is no set at all', () => {
    expect(parseSet('{"v":1,"id":\n', '/x', 'now')).toBeUndefined()
    expect(parseSet('', '/x', 'now')).toBeUndefined()
  })
})

describe('DownloadSetWriter', () => {
  it('continues a set after a torn line: the next records are read, the torn one is dropped', async () => {
    const dir = freshDir()
    const first = await DownloadSetWriter.open(dir, { header: header('s3') })
    await first.record({ t: 'done', p: 'a.txt', e: 'e1', s: 1 }, true)
    await first.close()
    const [set] = await readSets(dir)
    appendFileSync(set!.path, '{"t":"done","p":"tor')
    // No end record and no live writer: interrupted, and the same command continues it.
    expect((await interruptedSets(dir)).map((s) => s.header.id)).toEqual(['s3'])
    const found = await findContinuable(dir, header('s3').identity)
    expect(found?.header.id).toBe('s3')

    const second = await DownloadSetWriter.open(dir, { continue: found! })
    await second.record({ t: 'done', p: 'b.txt', e: 'e2', s: 2 }, true)
    await second.record({ t: 'end', at: 'now', status: 'done' }, true)
    await second.close()
    const text = readFileSync(set!.path, 'utf8')
    expect(text).not.toContain('"tor')
    const [after] = await readSets(dir)
    expect([...after!.done.keys()].sort()).toEqual(['a.txt', 'b.txt'])
    expect(after!.runs).toHaveLength(2)
    expect(await interruptedSets(dir)).toEqual([])
    expect(await findContinuable(dir, header('s3').identity)).toBeUndefined()
  })

  it('writes a start at once and resolves once it is flushed, starts made together sharing the flush', async () => {
    const dir = freshDir()
    const writer = await DownloadSetWriter.open(dir, { header: header('s4') })
    const [set] = await readSets(dir)
    const starts = ['a.txt', 'b.txt', 'c.txt'].map((p, i) =>
      writer.recordStart({
        t: 'start',
        p,
        k: `photos/${p}`,
        b: 'b',
        e: `e${i}`,
        s: i,
        ...(i === 2 ? { x: true as const } : {}),
      }),
    )
    // On the page before any flush: a kill -9 now leaves all three in the journal.
    const written = readFileSync(set!.path, 'utf8')
    for (const p of ['a.txt', 'b.txt', 'c.txt']) expect(written).toContain(`"p":"${p}"`)
    const before = performance.now()
    await Promise.all(starts)
    expect(performance.now() - before).toBeGreaterThanOrEqual(START_FLUSH_MS - 5)
    await writer.close()
    const [after] = await readSets(dir)
    expect([...after!.started.entries()]).toEqual([
      ['a.txt', { etag: 'e0', size: 0, existed: false }],
      ['b.txt', { etag: 'e1', size: 1, existed: false }],
      ['c.txt', { etag: 'e2', size: 2, existed: true }],
    ])
  })
})
