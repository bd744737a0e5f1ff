import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FerryError } from '../../shared/errors'
import {
  journaledBytes,
  parseJournal,
  serializeRecord,
  type HeaderRecord,
  type JournalRecord,
} from './journal'
import { readJournal } from './journal-reader'
import { JournalWriter } from './journal-writer'

const header = (over: Partial<HeaderRecord> = {}): HeaderRecord => ({
  t: 'header',
  v: 1,
  transferId: 't1',
  kind: 'multipart',
  at: '2026-01-01T00:00:00.000Z',
  pid: 123,
  source: '/data/big.bin',
  size: 12,
  mtimeMs: 1000,
  partSize: 5,
  partCount: 3,
  bucket: 'b',
  key: 'k',
  uploadId: 'u1',
  headers: { metadata: {} },
  ifExists: 'fail',
  tuning: {},
  connection: { endpoint: 'http://127.0.0.1:7480', region: 'us-east-1', pathStyle: true },
  ...over,
})

const lines = (...records: JournalRecord[]) => records.map(serializeRecord).join('')
const part = (n: number, size = 5): JournalRecord => ({ t: 'part', n, etag: `e${n}`, md5: `m${n}`, size })

function errorOf(fn: () => unknown): FerryError {
  try {
    fn()
  } catch (e) {
    return e as FerryError
  }
  throw new Error('expected an error')
}

describe('parseJournal', () => {
  it('reads the header, the finished parts and the final record', () => {
    const view = parseJournal(
      lines(header(), part(1), part(2), {
        t: 'final',
        at: '2026-01-01T00:01:00.000Z',
        status: 'done',
        etag: 'x-3',
      }),
      '/j',
    )
    expect(view.header.uploadId).toBe('u1')
    expect([...view.parts.keys()]).toEqual([1, 2])
    expect(journaledBytes(view)).toBe(10)
    expect(view.final).toMatchObject({ status: 'done', etag: 'x-3' })
    expect(view.updatedAt).toBe('2026-01-01T00:01:00.000Z')
  })

  it('drops a torn last line: a crash cut the final write short', () => {
    const text = lines(header(), part(1)) + '{"t":"part","n":2,"et'
    const view = parseJournal(text, '/j')
    expect([...view.parts.keys()]).toEqual([1])
  })

  it('rejects damage before the last line with journal-corrupt naming the file and the fix', () => {
    const text = lines(header(), part(1)) + 'garbage\n' + lines(part(2))
    const error = errorOf(() => parseJournal(text, '/state/transfers/t1.journal'))
    expect(error).toBeInstanceOf(FerryError)
    expect(error.code).toBe('journal-corrupt')
    expect(error.message).toContain('/state/transfers/t1.journal')
    expect(error.message).toContain('line 3')
    expect(error.fix).toContain('Delete /state/transfers/t1.journal')
  })

  it('rejects a complete last line that does not parse (it was not torn)', () => {
    const text = lines(header()) + '{"t":"part","n":"x"}\n'
    expect(errorOf(() => parseJournal(text, '/j')).code).toBe('journal-corrupt')
  })

  it('rejects a journal without a header, and an empty one', () => {
    expect(errorOf(() => parseJournal(lines(part(1)), '/j')).code).toBe('journal-corrupt')
    expect(errorOf(() => parseJournal('', '/j')).code).toBe('journal-corrupt')
    expect(errorOf(() => parseJournal('{"t":"hea', '/j')).code).toBe('journal-corrupt')
  })

  it('starts a new attempt at a later header: parts of the old upload no longer count', () => {
    const text = lines(header(), part(1), part(2), header({ uploadId: 'u2', size: 20 }), part(1))
    const view = parseJournal(text, '/j')
    expect(view.header.uploadId).toBe('u2')
    expect([...view.parts.keys()]).toEqual([1])
    expect(view.createdAt).toBe('2026-01-01T00:00:00.000Z')
  })

  it('skips record types it does not know (written by a newer Ferry)', () => {
    const text = lines(header()) + '{"t":"future","x":1}\n' + lines(part(1))
    expect([...parseJournal(text, '/j').parts.keys()]).toEqual([1])
  })

  it('a run record (a resume) clears an earlier pause', () => {
    const text = lines(header(), { t: 'state', at: 'a', state: 'paused' }, { t: 'run', at: 'b', pid: 99 })
    const view = parseJournal(text, '/j')
    expect(view.lastState).toBeUndefined()
    expect(view.writer).toEqual({ pid: 99 })
  })
})

describe('JournalWriter', () => {
  let dir: string | undefined
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('appends records that read back, including ones written concurrently', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ferry-journal-'))
    const writer = await JournalWriter.open(join(dir, 'transfers'), 't1')
    await writer.writeHeader(header())
    await Promise.all([1, 2, 3, 4, 5].map((n) => writer.append(part(n))))
    await writer.append({ t: 'final', at: 'z', status: 'done' })
    await writer.close()
    const text = readFileSync(writer.path, 'utf8')
    expect(text.split('\n').filter(Boolean)).toHaveLength(7)
    const view = await readJournal(join(dir, 'transfers'), 't1')
    expect([...view.parts.keys()].sort()).toEqual([1, 2, 3, 4, 5])
    expect(view.final?.status).toBe('done')
  })

  it('reports a missing journal as not-found', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ferry-journal-'))
    await expect(readJournal(dir, 'nope')).rejects.toMatchObject({ code: 'not-found' })
  })
})
