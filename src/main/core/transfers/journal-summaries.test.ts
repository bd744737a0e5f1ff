import { describe, expect, it } from 'vitest'
import { parseJournal, serializeRecord, type HeaderRecord, type JournalRecord } from '../../engine/journal'
import { summaryFromJournal } from './journal-summaries'

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
