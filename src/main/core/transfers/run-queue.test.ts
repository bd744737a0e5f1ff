import { describe, expect, it } from 'vitest'
import { RunQueue, downloadFits, uploadFits, type Load, type QueueItem } from './run-queue'

const limits = { maxActiveFiles: 2, maxDownloads: 1 }
const idle: Load = { files: 0, reserved: 0, downloads: 0 }

describe('run queue', () => {
  it('starts a large upload alone, and small ones side by side within the budget', () => {
    const big = { journaled: true, reservation: 100, budget: 50 }
    const small = { journaled: true, reservation: 10, budget: 50 }
    expect(uploadFits(big, idle, limits)).toBe(true)
    expect(uploadFits(big, { ...idle, files: 1, reserved: 10 }, limits)).toBe(false)
    expect(uploadFits(small, { ...idle, files: 1, reserved: 40 }, limits)).toBe(true)
    expect(uploadFits(small, { ...idle, files: 2, reserved: 20 }, limits)).toBe(false)
    expect(uploadFits({ ...small, journaled: false }, idle, limits)).toBe(false)
    expect(downloadFits({ ...idle, downloads: 1 }, limits)).toBe(false)
  })

  it('holds back the items of a kind behind one that must wait, but not the other kind', () => {
    const q = new RunQueue()
    const items: QueueItem[] = [
      { id: 'u1', kind: 'transfer' },
      { id: 'u2', kind: 'transfer' },
      { id: 'd1', kind: 'download' },
      { id: 'gone', kind: 'download' },
      { id: 'd2', kind: 'download' },
    ]
    for (const item of items) q.push(item)
    const started: string[] = []
    q.drain(
      (item) => (item.id === 'u1' ? 'wait' : item.id === 'gone' ? 'gone' : 'start'),
      (item) => started.push(item.id),
    )
    expect(started).toEqual(['d1', 'd2'])
    expect(q.ids()).toEqual(['u1', 'u2'])
    expect(q.remove('u1')).toBe(true)
    expect(q.remove('u1')).toBe(false)
  })

  it('asks about the rest of a long queue only while some kind may still start', () => {
    const q = new RunQueue()
    for (let i = 0; i < 1000; i++) q.push({ id: `u${i}`, kind: 'transfer' })
    let asked = 0
    q.drain(
      () => {
        asked++
        return 'wait'
      },
      () => {},
    )
    expect(asked).toBe(1)
    expect(q.length).toBe(1000)
  })
})
