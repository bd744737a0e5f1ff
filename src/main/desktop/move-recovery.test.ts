import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { MoveHeader, MoveRecord } from '../journal/move-journal'
import { readMoves } from '../journal/move-journal'
import { appMovesUnfinished, foundAtStart } from './move-recovery'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A journal folder holding one set per entry: its header's connection id and its records. */
function journals(sets: { id: string; connectionId?: string; records: MoveRecord[] }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'move-recovery-'))
  dirs.push(dir)
  mkdirSync(join(dir, 'moves'))
  for (const set of sets) {
    const header: MoveHeader = {
      v: 1,
      id: set.id,
      identity: set.id,
      createdAt: '2026-12-08T00:00:00.000Z',
      connection: {
        endpoint: 'http://127.0.0.1:1',
        region: 'us-east-1',
        pathStyle: true,
        ...(set.connectionId ? { connectionId: set.connectionId } : {}),
      },
      op: 'move',
      source: { kind: 'prefix', bucket: 'b', prefix: 'photos/' },
      target: { bucket: 'b', key: 'archive/photos/' },
      ifExists: 'fail',
      tuning: {},
    }
    const lines = [header, ...set.records].map((r) => JSON.stringify(r))
    writeFileSync(join(dir, 'moves', `${set.id}.move`), lines.join('\n') + '\n')
  }
  return dir
}

const ranBy = (pid: number): MoveRecord => ({ t: 'run', at: '2026-12-08T00:00:00.000Z', process: { pid } })
// A pid no process has (above Linux's pid_max): the run that wrote it is gone.
const GONE = 2 ** 30

const failedObject = {
  code: 'destination-exists' as const,
  message: 's3://b/archive/photos/x already exists',
  fix: 'f',
}
const denied = { code: 'access-denied' as const, message: 'access denied to b', fix: 'Check the policy.' }

describe('appMovesUnfinished', () => {
  it("takes the app's sets not done, not a live process's, a finished one or one of ferry mv alone", async () => {
    const dir = journals([
      { id: 'a-cut', connectionId: 'c1', records: [ranBy(GONE), { t: 'moved', k: 'photos/x' }] },
      { id: 'b-live', connectionId: 'c1', records: [ranBy(process.ppid)] },
      {
        id: 'c-done',
        connectionId: 'c1',
        records: [ranBy(GONE), { t: 'end', at: '2026-12-08T00:00:01.000Z', status: 'done' }],
      },
      { id: 'd-cli', records: [ranBy(GONE)] },
      // Paused in a process that lives on: it let go of the set.
      { id: 'd-let-go', connectionId: 'c1', records: [ranBy(process.ppid), { t: 'stopped', at: 'x' }] },
      {
        id: 'e-failed',
        connectionId: 'c1',
        records: [
          ranBy(GONE),
          { t: 'failed', k: 'photos/x', error: failedObject },
          { t: 'end', at: '2026-12-08T00:00:01.000Z', status: 'failed' },
        ],
      },
    ])
    expect((await appMovesUnfinished(dir)).map((v) => v.header.id)).toEqual(['a-cut', 'd-let-go', 'e-failed'])
  })
})

describe('foundAtStart', () => {
  const views = async () => {
    const dir = journals([
      { id: 'a-cut', connectionId: 'c1', records: [ranBy(GONE), { t: 'moved', k: 'photos/x' }] },
      {
        id: 'b-stopped',
        connectionId: 'c1',
        records: [ranBy(GONE), { t: 'moved', k: 'photos/x' }, { t: 'stopped', at: 'x', error: denied }],
      },
      {
        id: 'c-stopped-then-run',
        connectionId: 'c1',
        records: [{ t: 'stopped', at: 'x', error: denied }, ranBy(GONE)],
      },
      {
        id: 'd-failed',
        connectionId: 'c1',
        records: [
          ranBy(GONE),
          { t: 'failed', k: 'photos/x', error: failedObject },
          { t: 'end', at: 'y', status: 'failed' },
        ],
      },
    ])
    return new Map((await readMoves(dir)).map((v) => [v.header.id, v]))
  }

  it('runs again a set a quit cut short, and only that', async () => {
    const v = await views()
    expect(foundAtStart(v.get('a-cut')!, false)).toEqual({ kind: 'cut-short' })
    // A later run that was itself cut short (no stop of its own) clears the earlier error.
    expect(foundAtStart(v.get('c-stopped-then-run')!, false)).toEqual({ kind: 'cut-short' })
  })

  it('shows failed, with why and what to do, a set an error stopped or whose objects failed', async () => {
    const v = await views()
    expect(foundAtStart(v.get('b-stopped')!, false)).toMatchObject({
      kind: 'failed',
      error: {
        code: 'access-denied',
        message: 'access denied to b; 1 object was moved, the rest wait',
        fix: 'Check the policy. Then press Resume: what is done stays done.',
      },
    })
    expect(foundAtStart(v.get('d-failed')!, false)).toMatchObject({
      kind: 'failed',
      error: {
        code: 'destination-exists',
        message: '1 object could not be moved; the first: s3://b/archive/photos/x already exists',
      },
    })
  })

  it('shows failed a set whose cancel did not finish, so that it is cancelled again rather than run', async () => {
    const v = await views()
    expect(foundAtStart(v.get('a-cut')!, true)).toMatchObject({
      kind: 'failed',
      error: { code: 'cancelled' },
    })
  })
})
