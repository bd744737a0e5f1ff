import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { UploadJob } from '../../../shared/engine-protocol'
import { FerryError } from '../../../shared/errors'
import { parseJournal } from '../../journal/journal'
import { journalQueued, journalRest, queuedHeader } from './queued-journals'

const job = (transferId: string): UploadJob => ({
  transferId,
  connection: {
    endpoint: 'http://127.0.0.1:1',
    region: 'us-east-1',
    pathStyle: true,
    credentials: { accessKeyId: 'AKIDQUEUED', secretAccessKey: 'queued-secret-never-journaled' },
  },
  source: `/data/${transferId}.bin`,
  bucket: 'b',
  key: `${transferId}.bin`,
  headers: { metadata: { owner: 'ana' } },
  ifExists: 'fail',
  partSize: 8 * 1024 * 1024,
})

describe('journalQueued', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })
  const journalDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'ferry-queued-'))
    dirs.push(d)
    return join(d, 'transfers')
  }

  it('writes one queued header per file, without the secrets of the connection', async () => {
    const dir = journalDir()
    await journalQueued(dir, [
      queuedHeader(job('a'), { size: 10, mtimeMs: 5 }),
      queuedHeader(job('b'), { size: 20, mtimeMs: 6 }),
    ])
    expect(readdirSync(dir).sort()).toEqual(['a.journal', 'b.journal'])
    const text = readFileSync(join(dir, 'b.journal'), 'utf8')
    expect(text).not.toContain('queued-secret-never-journaled')
    expect(parseJournal(text, 'b').header).toMatchObject({
      kind: 'queued',
      size: 20,
      mtimeMs: 6,
      tuning: { partSize: 8 * 1024 * 1024 },
      connection: { endpoint: 'http://127.0.0.1:1', region: 'us-east-1', pathStyle: true },
      headers: { metadata: { owner: 'ana' } },
    })
  })

  it('leaves none behind when one cannot be written: the upload fails as a whole', async () => {
    const dir = journalDir()
    // A folder where one journal should go: opening it for appending fails. The others of its
    // chunk are still being opened then, and must not appear after the clean-up.
    mkdirSync(join(dir, 'c.journal'), { recursive: true })
    const ids = ['a', 'b', 'c', ...Array.from({ length: 29 }, (_, i) => `d${i}`)]
    const headers = ids.map((id) => queuedHeader(job(id), { size: 1, mtimeMs: 1 }))
    await expect(journalQueued(dir, headers)).rejects.toBeInstanceOf(FerryError)
    await new Promise((r) => setTimeout(r, 50))
    expect(readdirSync(dir)).toEqual(['c.journal'])
  })

  it('journalRest: skips cancelled files, and fails every file from the chunk that cannot be written', async () => {
    const dir = journalDir()
    // 300 files: a first chunk of 256 that is written, then one that meets a folder in its way.
    const ids = Array.from({ length: 300 }, (_, i) => `f${i}`)
    mkdirSync(join(dir, 'f290.journal'), { recursive: true })
    const journaled: string[][] = []
    const failed: { ids: string[]; error: unknown }[] = []
    await journalRest(
      dir,
      ids.map((id) => queuedHeader(job(id), { size: 1, mtimeMs: 1 })),
      {
        wanted: (id) => id !== 'f3',
        journaled: (done) => journaled.push(done),
        failed: (lost, error) => failed.push({ ids: lost, error }),
      },
    )
    expect(journaled.map((chunk) => chunk.length)).toEqual([255])
    expect(journaled[0]).not.toContain('f3')
    expect(existsSync(join(dir, 'f3.journal'))).toBe(false)
    expect(existsSync(join(dir, 'f255.journal'))).toBe(true)
    expect(failed).toHaveLength(1)
    expect(failed[0]!.ids).toEqual(ids.slice(256))
    expect(failed[0]!.error).toBeInstanceOf(FerryError)
    for (const id of ['f256', 'f289', 'f299']) expect(existsSync(join(dir, `${id}.journal`))).toBe(false)
  })
})
