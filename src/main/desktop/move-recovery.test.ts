import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { MoveHeader, MoveRecord } from '../journal/move-journal'
import { appMovesToFinish } from './move-recovery'

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

describe('appMovesToFinish', () => {
  it("takes the app's sets cut short, not a live process's, a finished one or one of ferry mv alone", async () => {
    const dir = journals([
      { id: 'a-cut', connectionId: 'c1', records: [ranBy(GONE), { t: 'moved', k: 'photos/x' }] },
      { id: 'b-live', connectionId: 'c1', records: [ranBy(process.ppid)] },
      {
        id: 'c-done',
        connectionId: 'c1',
        records: [ranBy(GONE), { t: 'end', at: '2026-12-08T00:00:01.000Z', status: 'done' }],
      },
      { id: 'd-cli', records: [ranBy(GONE)] },
    ])
    expect((await appMovesToFinish(dir)).map((v) => v.header.id)).toEqual(['a-cut'])
  })
})
