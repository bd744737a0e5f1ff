import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseJournal, serializeRecord, type HeaderRecord, type JournalRecord } from './journal'
import { appendToBatch, batchedId, batchLine, batchPath } from './journal-batch'
import { JournalCatalog, summaryFromJournal } from './catalog'

const header: HeaderRecord = {
  t: 'header',
  v: 1,
  transferId: 't1',
  kind: 'single',
  at: '2026-01-01T00:00:00.000Z',
  pid: 123,
  source: '/data/f.bin',
  size: 10,
  mtimeMs: 1000,
  partSize: 10,
  partCount: 1,
  bucket: 'nope',
  key: 'k',
  headers: { metadata: {} },
  ifExists: 'overwrite',
  tuning: {},
  connection: { endpoint: 'http://127.0.0.1:7480', region: 'us-east-1', pathStyle: true },
}

const view = (...records: JournalRecord[]) =>
  parseJournal([header, ...records].map(serializeRecord).join(''), '/j')

const failed: JournalRecord = {
  t: 'state',
  at: '2026-01-01T00:00:01.000Z',
  state: 'failed',
  error: { code: 'bucket-missing', message: 'bucket "nope" does not exist', fix: 'Create it.' },
}

describe('summaryFromJournal', () => {
  it('shows a failed run as failed while its writer (a daemon or app engine) lives on', () => {
    const s = summaryFromJournal(view(failed), true)
    expect(s.state).toBe('failed')
    expect(s.error?.code).toBe('bucket-missing')
  })

  it('shows a paused run as paused whatever its writer does, and a later run as running again', () => {
    expect(summaryFromJournal(view({ t: 'state', at: header.at, state: 'paused' }), true).state).toBe(
      'paused',
    )
    const again = view(failed, { t: 'run', at: '2026-01-01T00:00:02.000Z', pid: 124 })
    expect(summaryFromJournal(again, true).state).toBe('uploading')
    expect(summaryFromJournal(again, false).state).toBe('failed')
  })

  it('shows a file queued by a live process as queued, and one whose process died as resumable', () => {
    const queued = parseJournal(
      serializeRecord({ ...header, kind: 'queued', partSize: 0, partCount: 0 }),
      '/j',
    )
    expect(summaryFromJournal(queued, true)).toMatchObject({ state: 'queued', bytesDone: 0, partsTotal: 0 })
    const orphan = summaryFromJournal(queued, false)
    expect(orphan.state).toBe('failed')
    expect(orphan.error).toMatchObject({ retryable: true, fix: expect.stringMatching(/^Resume it/) })
    // Once the engine starts it, its own header takes over.
    const started = parseJournal(
      [{ ...header, kind: 'queued' as const, partSize: 0, partCount: 0 }, header]
        .map(serializeRecord)
        .join(''),
      '/j',
    )
    expect(summaryFromJournal(started, true)).toMatchObject({ state: 'uploading', partsTotal: 1 })
  })
})

describe('JournalCatalog with a batch of small files', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })
  // Written by a process that is gone (pid 1 of an earlier boot): nothing runs them now.
  const gone = { pid: 999_999_999, boot: 1 }
  const queued = (id: string): HeaderRecord => ({
    ...header,
    ...gone,
    transferId: id,
    kind: 'queued',
    key: `${id}.bin`,
    partSize: 0,
    partCount: 0,
  })
  const finished = (status: 'done' | 'cancelled'): JournalRecord => ({
    t: 'final',
    at: '2026-01-01T00:00:05.000Z',
    status,
  })

  it('lists, resumes and clears batched transfers beside those with journals of their own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-catalog-'))
    dirs.push(dir)
    const [a, b, c] = [0, 1, 2].map((i) => batchedId('bt', i)) as [string, string, string]
    const batch = batchPath(dir, 'bt')
    appendToBatch(
      batch,
      [a, b, c].map((id) => batchLine(id, queued(id))),
    )
    writeFileSync(join(dir, 'own-00000001.journal'), serializeRecord({ ...queued('own-00000001'), ...gone }))
    appendToBatch(batch, [batchLine(a, finished('done'))])
    appendToBatch(batch, [batchLine(c, { t: 'forget', at: '2026-01-01T00:00:06.000Z', id: c })])
    const catalog = new JournalCatalog(dir)

    const summaries = await catalog.summaries()
    expect(summaries.map((s) => [s.id, s.state]).sort()).toEqual([
      [a, 'done'],
      [b, 'failed'],
      ['own-00000001', 'failed'],
    ])
    expect((await catalog.resumable()).sort()).toEqual([b, 'own-00000001'])
    expect(catalog.read(b).header.key).toBe(`${b}.bin`)
    expect(catalog.exists(b)).toBe(true)
    expect(catalog.exists(c)).toBe(false)
    expect(() => catalog.read(c)).toThrow(/no transfer/)

    // One transfer of the batch still unfinished: the batch stays, with every record in it.
    expect(await catalog.clearFinished()).toEqual([])
    expect(existsSync(batch)).toBe(true)
    appendToBatch(batch, [batchLine(b, finished('cancelled'))])
    expect((await catalog.clearFinished()).sort()).toEqual([a, b])
    expect(existsSync(batch)).toBe(false)
    expect((await catalog.summaries()).map((s) => s.id)).toEqual(['own-00000001'])

    // Every file forgotten: nothing left to keep. No record yet: its queuer is still writing it.
    const forgotten = batchPath(dir, 'bf')
    const only = batchedId('bf', 0)
    appendToBatch(forgotten, [batchLine(only, queued(only))])
    appendToBatch(forgotten, [batchLine(only, { t: 'forget', at: '2026-01-01T00:00:07.000Z', id: only })])
    const fresh = batchPath(dir, 'bn')
    writeFileSync(fresh, '')
    expect(await catalog.clearFinished()).toEqual([])
    expect(existsSync(forgotten)).toBe(false)
    expect(existsSync(fresh)).toBe(true)
  })
})

describe('JournalCatalog.cancellable', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('lists journals that did not finish and that no live process writes, cancel-pending ones included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-catalog-'))
    dirs.push(dir)
    const gone = { pid: 999_999_999, boot: 1 }
    const write = (id: string, writer: { pid: number; boot?: number }, ...records: JournalRecord[]) =>
      writeFileSync(
        join(dir, `${id}.journal`),
        [{ ...header, ...writer, transferId: id }, ...records].map(serializeRecord).join(''),
      )
    const final = (status: 'done' | 'failed' | 'cancelled'): JournalRecord => ({
      t: 'final',
      at: header.at,
      status,
    })
    write('paused', gone, { t: 'state', at: header.at, state: 'paused' })
    write('interrupted', gone)
    write('marked', gone)
    writeFileSync(join(dir, 'marked.cancel-pending'), '')
    write('gave-up', { pid: process.ppid }, final('failed'))
    write('running', { pid: process.ppid })
    write('done', gone, final('done'))
    write('cancelled', gone, final('cancelled'))
    const catalog = new JournalCatalog(dir)
    expect((await catalog.cancellable()).sort()).toEqual(['gave-up', 'interrupted', 'marked', 'paused'])
    expect((await catalog.resumable()).sort()).toEqual(['interrupted', 'paused'])
  })
})
