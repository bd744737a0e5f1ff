import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EngineToMain } from '../../shared/engine-protocol'
import { batchedOutbox, EVENT_HOLD_MS } from './engine-outbox'

const progress = (transferId: string, bytesDone: number): EngineToMain => ({
  type: 'progress',
  transferId,
  size: 100,
  bytesDone,
  partsTotal: 1,
  partsDone: 0,
  partsReused: 0,
})
const state = (transferId: string, s: 'preparing' | 'uploading'): EngineToMain => ({
  type: 'state',
  transferId,
  state: s,
})
const done = (transferId: string): EngineToMain => ({
  type: 'done',
  requestId: `r-${transferId}`,
  outcome: {
    transferId,
    key: 'k',
    bytes: 100,
    etag: 'e',
    verification: { verified: true, method: 'md5', detail: 'd' },
    partsUploaded: 1,
    partsReused: 0,
    skipped: false,
    notes: [],
  },
})

/** Every message main received, batches unpacked, and how many writes that took. */
function recorder() {
  const writes: EngineToMain[] = []
  const flat = () => writes.flatMap((m) => (m.type === 'batch' ? m.messages : [m]))
  return { post: (m: EngineToMain) => writes.push(m), writes, flat }
}

describe('batchedOutbox', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('sends a finished transfer as its reply alone: its held progress and states are superseded', async () => {
    const r = recorder()
    const out = batchedOutbox(r.post)
    out.send(state('a', 'preparing'))
    out.send(state('a', 'uploading'))
    out.send(progress('a', 100))
    out.send(done('a'))
    await vi.advanceTimersByTimeAsync(EVENT_HOLD_MS * 2)
    expect(r.flat()).toEqual([done('a')])
    expect(r.writes).toHaveLength(1)
  })

  it('sends the figures a transfer stopped at before its failure', async () => {
    const r = recorder()
    const out = batchedOutbox(r.post)
    out.send(progress('a', 10))
    out.send(progress('a', 40))
    const failed: EngineToMain = {
      type: 'failed',
      requestId: 'r',
      transferId: 'a',
      error: { code: 'network', message: 'm', fix: 'f' },
    }
    out.send(failed)
    await vi.advanceTimersByTimeAsync(0)
    expect(r.flat()).toEqual([progress('a', 40), failed])
  })

  it('holds events for a moment, then sends the latest of each kind per transfer in one write', async () => {
    const r = recorder()
    const out = batchedOutbox(r.post)
    out.send(state('a', 'preparing'))
    out.send(progress('a', 10))
    out.send(state('a', 'uploading'))
    out.send(progress('b', 5))
    out.send(progress('a', 20))
    await vi.advanceTimersByTimeAsync(EVENT_HOLD_MS - 1)
    expect(r.writes).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(r.writes).toHaveLength(1)
    expect(r.flat()).toEqual([state('a', 'uploading'), progress('a', 20), progress('b', 5)])
  })

  it('sends everything at once on flush, held events first', () => {
    const r = recorder()
    const out = batchedOutbox(r.post)
    out.send(progress('b', 5))
    out.send({ type: 'ready', pid: 1 })
    out.flush()
    expect(r.flat()).toEqual([progress('b', 5), { type: 'ready', pid: 1 }])
  })
})
