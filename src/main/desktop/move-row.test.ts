import { describe, expect, it } from 'vitest'
import type { MoveEvent } from '../core/transfers/move-set'
import {
  countEvent,
  newSetRow,
  noCounts,
  objectFailure,
  rowFigures,
  stoppedError,
  type RowSet,
} from './move-row'

const at = (key: string) => ({ bucket: 'b', key })
const input = {
  op: 'move' as const,
  source: { kind: 'prefix' as const, bucket: 'b', prefix: 'p/' },
  destination: at('q/'),
}

const fold = (events: MoveEvent[]) => events.reduce(countEvent, noCounts())

describe('countEvent', () => {
  it('counts an earlier run, the listing, the progress, skips and failures', () => {
    const c = fold([
      { kind: 'listed', objects: 1000, bytes: 5000, complete: false },
      { kind: 'opened', setId: 's', movedBefore: 7 },
      { kind: 'progress', objectsDone: 3, bytesDone: 30 },
      { kind: 'skipped', source: at('p/a'), target: at('q/a'), reason: 'exists' },
      // Done by the earlier run: counted done by its progress, not as a skip of the person's.
      { kind: 'skipped', source: at('p/b'), target: at('q/b'), reason: 'earlier' },
      {
        kind: 'failed',
        source: at('p/c'),
        target: at('q/c'),
        error: { code: 'network', message: 'm', fix: 'f' },
      },
      { kind: 'listed', objects: 1200, bytes: 6000, complete: true },
    ])
    expect(c).toEqual({
      before: 7,
      done: 3,
      bytesDone: 30,
      listed: 1200,
      bytesListed: 6000,
      complete: true,
      skipped: 1,
      failed: 1,
    })
  })
})

describe('rowFigures', () => {
  it('adds the sets of a request: done of found, listed once every set was', () => {
    const sets: RowSet[] = [
      {
        input,
        status: 'done',
        counts: { ...noCounts(), done: 2, bytesDone: 20, listed: 2, bytesListed: 20, complete: true },
      },
      {
        input,
        status: 'open',
        counts: fold([
          { kind: 'opened', setId: 's', movedBefore: 5 },
          { kind: 'progress', objectsDone: 1, bytesDone: 4 },
        ]),
      },
    ]
    expect(rowFigures(sets)).toEqual({
      objectsDone: 8,
      objectsTotal: 8,
      listed: false,
      skipped: 0,
      failed: 0,
      bytesDone: 24,
      size: 24,
    })
    sets[1]!.counts = { ...sets[1]!.counts, listed: 10, bytesListed: 100, complete: true }
    expect(rowFigures(sets)).toMatchObject({ objectsDone: 8, objectsTotal: 17, listed: true, size: 120 })
  })

  it('does not count a set not run yet as listed', () => {
    expect(rowFigures([{ input, status: 'new', counts: noCounts() }]).listed).toBe(false)
  })
})

describe('stoppedError', () => {
  it('says how much was done and that Resume finishes it', () => {
    expect(
      stoppedError('copy', { code: 'bucket-missing', message: 'no bucket c', fix: 'Create it.' }, 2),
    ).toEqual({
      code: 'bucket-missing',
      message: 'no bucket c; 2 objects were copied, the rest wait',
      fix: 'Create it. Then press Resume: what is done stays done.',
    })
  })
})

describe('newSetRow', () => {
  it('names a rename by its folders, queued with nothing counted', () => {
    const row = newSetRow('r1', { connectionId: 'c', op: 'move', inputs: [input] }, false, 'T')
    expect(row).toMatchObject({
      id: 'r1',
      direction: 'move',
      state: 'queued',
      source: 'p/',
      bucket: 'b',
      key: 'q/',
      createdAt: 'T',
      set: { label: 'p/ → q/', objectsDone: 0, objectsTotal: 0, listed: false },
    })
  })

  it('counts the items of a paste into another connection, naming the bucket', () => {
    const paste = (key: string) => ({
      op: 'move' as const,
      source: { kind: 'object' as const, bucket: 'b', key },
      destination: { bucket: 'o', key: 'in/' },
    })
    const row = newSetRow('r2', { connectionId: 'c', op: 'move', inputs: [paste('a'), paste('b')] }, true)
    expect(row.set.label).toBe('2 items → o/in/')
    expect(newSetRow('r3', { connectionId: 'c', op: 'move', inputs: [paste('a')] }, true).set.label).toBe(
      'a → o/in/a',
    )
  })
})

describe('objectFailure', () => {
  it("says a taken destination in the window's words, and leaves other failures as they are", () => {
    const taken = {
      code: 'destination-exists',
      message: 's3://b/x already exists',
      fix: 'Add --if-exists overwrite…',
    } as const
    expect(objectFailure('move', taken)).toEqual({
      ...taken,
      fix: 'Rename, move or delete what is at the destination, then do the same move again.',
    })
    const denied = { code: 'access-denied', message: 'no', fix: 'Grant it.' } as const
    expect(objectFailure('copy', denied)).toBe(denied)
  })
})
