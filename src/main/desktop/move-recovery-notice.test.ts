import { describe, expect, it } from 'vitest'
import type { MoveHeader } from '../journal/move-journal'
import { placesOf } from './move-places'
import { moveRecoveryNotice, moveWords } from './move-recovery-notice'

const header = (over: Partial<MoveHeader> = {}): MoveHeader => ({
  v: 1,
  id: 'm1',
  identity: 'x',
  createdAt: '2026-12-08T00:00:00.000Z',
  connection: { endpoint: '', region: 'us-east-1', pathStyle: false, connectionId: 'c1' },
  op: 'move',
  source: { kind: 'prefix', bucket: 'b', prefix: 'photos/' },
  target: { bucket: 'b', key: 'archive/photos/' },
  ifExists: 'fail',
  tuning: {},
  ...over,
})

describe('moveRecoveryNotice', () => {
  it('says a finished move in the words of the rename, with its count', () => {
    expect(moveRecoveryNotice({ kind: 'finished', header: header(), objects: 1234, skipped: 0 })).toEqual({
      title: 'Move finished',
      body: 'Finished moving photos/ to archive/photos/ (1,234 objects), interrupted when Ferry quit',
    })
  })

  it('names what was left as it was, and the other bucket of a copy', () => {
    const h = header({ op: 'copy', target: { bucket: 'c', key: '' } })
    expect(moveRecoveryNotice({ kind: 'finished', header: h, objects: 1, skipped: 2 })).toEqual({
      title: 'Copy finished',
      body: 'Finished copying photos/ to c/ (1 object; 2 objects already there, left as they were), interrupted when Ferry quit',
    })
  })

  it("says a failure's message and fix", () => {
    const error = { code: 'access-denied' as const, message: 'access denied to b', fix: 'Check the policy.' }
    expect(moveRecoveryNotice({ kind: 'failed', header: header(), error })).toEqual({
      title: 'Move failed',
      body: 'Moving photos/ to archive/photos/, interrupted when Ferry quit, did not finish: access denied to b. Check the policy.',
    })
  })

  it('tells nothing of a set left for its connection', () => {
    expect(moveRecoveryNotice({ kind: 'left', header: header(), reason: 'gone' })).toBeUndefined()
  })

  it('names a single object and a root', () => {
    const h = header({
      source: { kind: 'object', bucket: 'b', key: 'a.txt' },
      target: { bucket: 'b', key: 'x/a.txt' },
    })
    expect(moveWords(h)).toBe('a.txt to x/a.txt')
    expect(moveWords(header({ source: { kind: 'prefix', bucket: 'b', prefix: '' } }))).toBe(
      'b/ to archive/photos/',
    )
  })
})

describe('placesOf', () => {
  it("names a move's source and target folders, a copy's target only", () => {
    const h = header()
    expect(placesOf(h.op, h.source, h.target, 'c1')).toEqual([
      { connectionId: 'c1', bucket: 'b', prefix: 'photos/' },
      { connectionId: 'c1', bucket: 'b', prefix: 'archive/photos/' },
    ])
    const source = { kind: 'object' as const, bucket: 'b', key: 'a/x.txt' }
    expect(placesOf('copy', source, { bucket: 'c', key: 'y/x.txt' }, 'c1', 'c2')).toEqual([
      { connectionId: 'c2', bucket: 'c', prefix: 'y/' },
    ])
  })
})
