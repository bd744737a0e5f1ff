import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { HeaderRecord, JournalRecord } from './journal'
import {
  acquireBatchLog,
  appendToBatch,
  batchedId,
  batchedView,
  batchLine,
  batchOf,
  batchPath,
  parseBatch,
  readBatch,
  releaseBatchLog,
} from './journal-batch'
import { readJournal } from './journal-reader'
import { JournalWriter } from './journal-writer'

const header = (transferId: string, over: Partial<HeaderRecord> = {}): HeaderRecord => ({
  t: 'header',
  v: 1,
  transferId,
  kind: 'queued',
  at: '2026-01-01T00:00:00.000Z',
  pid: 123,
  source: `/data/${transferId}.bin`,
  size: 10,
  mtimeMs: 1000,
  partSize: 0,
  partCount: 0,
  bucket: 'b',
  key: `${transferId}.bin`,
  headers: { metadata: {} },
  ifExists: 'fail',
  tuning: {},
  connection: { endpoint: 'http://127.0.0.1:7480', region: 'us-east-1', pathStyle: true },
  ...over,
})

const done = (etag: string): JournalRecord => ({
  t: 'final',
  at: '2026-01-01T00:01:00.000Z',
  status: 'done',
  etag,
})

describe('batched transfer ids', () => {
  it('name their batch; ids of their own name none', () => {
    const id = batchedId('mwqtx7xh-9bec52e1', 17)
    expect(id).toBe('mwqtx7xh-9bec52e1.17')
    expect(batchOf(id)).toBe('mwqtx7xh-9bec52e1')
    expect(batchOf('mwqtx7xh-9bec52e1')).toBeUndefined()
  })
})

describe('parseBatch', () => {
  const a = batchedId('b1', 0)
  const b = batchedId('b1', 1)

  it('gives each transfer its own view from the lines that name it', () => {
    const text = [
      '',
      batchLine(a, header(a)),
      batchLine(b, header(b)),
      '',
      batchLine(a, header(a, { kind: 'single', partCount: 1, partSize: 10 })),
      batchLine(a, done('e-a')),
    ].join('\n')
    const state = parseBatch(text, '/j.batch')
    expect([...state.views.keys()]).toEqual([a, b])
    expect(state.views.get(a)).toMatchObject({
      header: { kind: 'single' },
      final: { status: 'done', etag: 'e-a' },
    })
    expect(state.views.get(b)).toMatchObject({ header: { kind: 'queued' } })
    expect(state.views.get(b)!.final).toBeUndefined()
    expect(state.damaged).toBe(0)
  })

  it('drops a forgotten transfer, and anything later that names it', () => {
    const text =
      batchLine(a, header(a)) +
      batchLine(b, header(b)) +
      batchLine(b, { t: 'forget', at: '2026-01-01T00:00:01.000Z', id: b }) +
      batchLine(b, done('late'))
    expect([...parseBatch(text, '/j.batch').views.keys()]).toEqual([a])
  })

  it('skips a line torn by a full disk without losing the transfers after it', () => {
    // A write cut short, then the next append: its leading newline ends the torn line.
    const torn = batchLine(a, header(a)).slice(0, 40)
    const text = `\n${torn}\n${batchLine(b, header(b))}\n${batchLine(b, done('e-b'))}`
    const state = parseBatch(text, '/j.batch')
    expect([...state.views.keys()]).toEqual([b])
    expect(state.views.get(b)!.final?.etag).toBe('e-b')
    expect(state.damaged).toBe(1)
  })

  it('leaves an unterminated last line for later: it may be a write under way', () => {
    const text = batchLine(a, header(a)) + batchLine(b, header(b)).slice(0, -1)
    expect([...parseBatch(text, '/j.batch').views.keys()]).toEqual([a])
  })
})

describe('batches on disk', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })
  const folder = () => {
    const d = mkdtempSync(join(tmpdir(), 'ferry-batch-'))
    dirs.push(d)
    return d
  }

  it('reads what was appended since the last read, as a fresh parse of the whole file would', () => {
    const dir = folder()
    const path = batchPath(dir, 'b2')
    const ids = [0, 1, 2].map((i) => batchedId('b2', i))
    appendToBatch(
      path,
      ids.map((id) => batchLine(id, header(id))),
    )
    expect(readBatch(path)!.views.size).toBe(3)
    appendToBatch(path, [batchLine(ids[1]!, done('e-1'))])
    // Half a line: not read yet, and read whole once the rest arrives.
    const line = '\n' + batchLine(ids[2]!, done('e-2'))
    appendFileSync(path, line.slice(0, 20))
    expect(readBatch(path)!.views.get(ids[2]!)!.final).toBeUndefined()
    appendFileSync(path, line.slice(20))
    const incremental = readBatch(path)!
    const fresh = parseBatch(readFileSync(path, 'utf8'), path)
    expect(incremental.views).toEqual(fresh.views)
    expect(incremental.views.get(ids[2]!)!.final?.etag).toBe('e-2')
  })

  it('starts over when the file under the name is another one', () => {
    const dir = folder()
    const path = batchPath(dir, 'b3')
    const [x, y] = [batchedId('b3', 0), batchedId('b3', 1)]
    appendToBatch(path, [batchLine(x, header(x)), batchLine(y, header(y))])
    expect(readBatch(path)!.views.size).toBe(2)
    rmSync(path)
    expect(readBatch(path)).toBeUndefined()
    writeFileSync(path, batchLine(y, header(y)))
    expect([...readBatch(path)!.views.keys()]).toEqual([y])
  })

  it("routes a batched transfer's records to its batch, tagged with its id, and reads them back", async () => {
    const dir = folder()
    const [x, y] = [batchedId('b4', 0), batchedId('b4', 1)]
    appendToBatch(batchPath(dir, 'b4'), [batchLine(x, header(x)), batchLine(y, header(y))])
    const wx = await JournalWriter.open(dir, x)
    const wy = await JournalWriter.open(dir, y)
    expect(wx.path).toBe(batchPath(dir, 'b4'))
    await wy.appendAll([header(y, { kind: 'single', partCount: 1, partSize: 10 }), done('e-y')], 'none')
    await wx.append({ t: 'state', at: '2026-01-01T00:02:00.000Z', state: 'failed' }, 'none')
    await wx.close()
    await wy.close()
    const ownFiles = readdirSync(dir)
    expect(ownFiles).toEqual(['b4.batch'])
    const lines = readFileSync(batchPath(dir, 'b4'), 'utf8').split('\n').filter(Boolean)
    expect(lines.map((l) => JSON.parse(l) as { id?: string; transferId?: string })).toEqual([
      expect.objectContaining({ transferId: x }),
      expect.objectContaining({ transferId: y }),
      expect.objectContaining({ transferId: y, kind: 'single' }),
      expect.objectContaining({ id: y, t: 'final' }),
      expect.objectContaining({ id: x, t: 'state' }),
    ])
    expect((await readJournal(dir, y)).final?.etag).toBe('e-y')
    expect((await readJournal(dir, x)).lastState?.state).toBe('failed')
    await expect(readJournal(dir, batchedId('b4', 9))).rejects.toMatchObject({ code: 'not-found' })
  })

  it('hands out copies of a view: the batch growing later does not change one already read', () => {
    const dir = folder()
    const x = batchedId('b5', 0)
    appendToBatch(batchPath(dir, 'b5'), [batchLine(x, header(x))])
    const before = batchedView(dir, x)!
    appendToBatch(batchPath(dir, 'b5'), [batchLine(x, done('e-x'))])
    expect(batchedView(dir, x)!.final?.etag).toBe('e-x')
    expect(before.final).toBeUndefined()
  })
})

describe('a batch kept open between its files', () => {
  afterEach(() => void vi.useRealTimers())

  it('closes a second after its last writer left, counted from the last one to leave', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    const dir = mkdtempSync(join(tmpdir(), 'ferry-batch-open-'))
    try {
      const path = batchPath(dir, 'b6')
      const first = acquireBatchLog(path)
      releaseBatchLog(path)
      vi.advanceTimersByTime(600)
      // The next file of the batch comes: the same open file, not a new one.
      expect(acquireBatchLog(path)).toBe(first)
      releaseBatchLog(path)
      // A second after the first release, but only 0.4 s after the last: still open.
      vi.advanceTimersByTime(400)
      expect(acquireBatchLog(path)).toBe(first)
      releaseBatchLog(path)
      vi.advanceTimersByTime(999)
      expect(acquireBatchLog(path)).toBe(first)
      // In use when its timer comes: it stays open however long that lasts.
      vi.advanceTimersByTime(5000)
      expect(acquireBatchLog(path)).toBe(first)
      releaseBatchLog(path)
      releaseBatchLog(path)
      vi.advanceTimersByTime(1000)
      const next = acquireBatchLog(path)
      expect(next).not.toBe(first)
      releaseBatchLog(path)
      vi.advanceTimersByTime(1000)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
