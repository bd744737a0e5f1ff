import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { markCancelPending } from './cancel-marks'
import {
  interruptedMoves,
  moveIdentity,
  movesDir,
  MoveWriter,
  parseMove,
  readMoves,
  streamOwners,
  type MoveHeader,
  type MoveRequest,
} from './move-journal'

const connection = { endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', pathStyle: true }
const request: MoveRequest = {
  op: 'copy',
  source: { kind: 'prefix', bucket: 'b', prefix: 'src/' },
  target: { bucket: 'b', key: 'dst/' },
  ifExists: 'fail',
  tuning: {},
}
const header = (id: string): MoveHeader => ({
  v: 1,
  id,
  identity: moveIdentity(connection, undefined, request),
  createdAt: '2026-12-07T00:00:00.000Z',
  connection,
  ...request,
})

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'ferry-move-'))
  dirs.push(d)
  return d
}
const lines = (...records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n'

describe('the open multipart copies of a move set', () => {
  it('a journal written before upload records existed reads with none open', () => {
    const text = lines(
      header('m1'),
      { t: 'start', k: 'src/a', e: 'e1', s: 3 },
      { t: 'copied', k: 'src/a', e: 'e1', d: 'e1' },
    )
    const view = parseMove(text, '/x/m1.move', '2026-12-07T00:00:00.000Z')!
    expect(view.copied.size).toBe(1)
    expect(view.openUploads.size).toBe(0)
  })

  it('an upload is open from its record until it is closed; a line torn by a kill is not read', () => {
    const text =
      lines(
        header('m1'),
        { t: 'upload', k: 'src/big', b: 'b', d: 'dst/big', u: 'U1' },
        { t: 'upload', k: 'src/huge', b: 'b', d: 'dst/huge', u: 'U2' },
        { t: 'upload-closed', u: 'U1' },
      ) + '{"t":"upload-closed","u":"U2'
    const view = parseMove(text, '/x/m1.move', '2026-12-07T00:00:00.000Z')!
    expect([...view.openUploads.values()]).toEqual([
      { sourceKey: 'src/huge', bucket: 'b', key: 'dst/huge', uploadId: 'U2' },
    ])
  })

  it('the writer keeps the journal’s open uploads and its own, as a reader of its file finds them', async () => {
    const dir = freshDir()
    const first = await MoveWriter.open(dir, { header: header('m1') })
    await first.record({ t: 'upload', k: 'src/a', b: 'b', d: 'dst/a', u: 'U1' }, true)
    await first.record({ t: 'upload', k: 'src/b', b: 'b', d: 'dst/b', u: 'U2' }, true)
    await first.close()
    const [earlier] = await readMoves(dir)
    expect([...earlier!.openUploads.keys()]).toEqual(['U1', 'U2'])

    const second = await MoveWriter.open(dir, { continue: earlier! })
    expect([...second.openUploads.keys()]).toEqual(['U1', 'U2'])
    await second.record({ t: 'upload-closed', u: 'U1' })
    await second.record({ t: 'upload', k: 'src/c', b: 'b', d: 'dst/c', u: 'U3' }, true)
    expect([...second.openUploads.keys()]).toEqual(['U2', 'U3'])
    await second.close()
    const [after] = await readMoves(dir)
    expect([...after!.openUploads.keys()]).toEqual(['U2', 'U3'])
    expect(readFileSync(after!.path, 'utf8')).toContain('{"t":"upload-closed","u":"U1"}\n')
  })

  it('a create is pending until its upload is journaled, or its key swept', () => {
    const text = lines(
      header('m1'),
      { t: 'upload-create', k: 'src/a', b: 'b', d: 'dst/a', at: 1000 },
      { t: 'upload-create', k: 'src/b', b: 'b', d: 'dst/b', at: 2000 },
      { t: 'upload-create', k: 'src/c', b: 'b', d: 'dst/c', at: 3000 },
      { t: 'upload', k: 'src/a', b: 'b', d: 'dst/a', u: 'U1' },
      { t: 'upload-swept', k: 'src/b' },
    )
    const view = parseMove(text, '/x/m1.move', '2026-12-07T00:00:00.000Z')!
    expect([...view.pendingCreates.values()]).toEqual([
      { sourceKey: 'src/c', bucket: 'b', key: 'dst/c', at: 3000 },
    ])
    expect([...view.openUploads.keys()]).toEqual(['U1'])
  })

  it('a stream to another connection is named until it settles', () => {
    const text = lines(
      header('m1'),
      { t: 'stream', k: 'src/a', id: 'T1' },
      { t: 'stream', k: 'src/b', id: 'T2' },
      { t: 'stream-settled', id: 'T1' },
    )
    const view = parseMove(text, '/x/m1.move', '2026-12-07T00:00:00.000Z')!
    expect([...view.openStreams]).toEqual([['T2', 'src/b']])
  })

  it('the streams not settled belong to their set until it finishes', async () => {
    const dir = freshDir()
    mkdirSync(movesDir(dir))
    const write = (id: string, ...records: unknown[]) =>
      writeFileSync(join(movesDir(dir), `${id}.move`), lines(header(id), ...records))
    const end = { t: 'end', at: '2026-12-07T00:01:00.000Z' }
    write('m1', { t: 'stream', k: 'src/a', id: 'T1' }, { t: 'stream', k: 'src/b', id: 'T2' })
    write('m2', { t: 'stream', k: 'src/a', id: 'T3' }, { t: 'stream-settled', id: 'T3' })
    write('m3', { t: 'stream', k: 'src/a', id: 'T4' }, { ...end, status: 'failed' })
    write('m4', { t: 'stream', k: 'src/a', id: 'T5' }, { ...end, status: 'done' })
    const owners = await streamOwners(dir)
    expect([...owners].map(([id, set]) => [id, set.header.id])).toEqual([
      ['T1', 'm1'],
      ['T2', 'm1'],
      ['T4', 'm3'],
    ])
  })

  it('a set whose cancel could not finish is not resumed by resume --all', async () => {
    const dir = freshDir()
    for (const id of ['m1', 'm2']) await (await MoveWriter.open(dir, { header: header(id) })).close()
    markCancelPending(dir, 'm1')
    expect((await interruptedMoves(dir)).map((m) => m.header.id)).toEqual(['m2'])
  })
})
