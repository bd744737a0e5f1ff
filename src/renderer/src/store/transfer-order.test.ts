import { describe, expect, it } from 'vitest'
import { mergeAdded, newerFirst } from './transfer-order'

type Row = { id: string; createdAt: string; key: string }

const row = (id: string, second: number, key = `k-${id}`): Row => ({
  id,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
  key,
})

// The oracle: every row sorted again.
const newestFirst = (rows: Record<string, Row>) =>
  Object.values(rows)
    .sort(newerFirst)
    .map((r) => r.id)

const byId = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.id, r]))

describe('transfer order', () => {
  it('orders newest first, then by key, then by id', () => {
    const rows = byId([row('a', 1), row('b', 3), row('c', 3, 'k-a'), row('d', 3, 'k-a'), row('e', 2)])
    expect(mergeAdded([], Object.keys(rows), rows)).toEqual(['c', 'd', 'b', 'e', 'a'])
  })

  it('merges added rows to the order a full sort gives, wherever they fall', () => {
    // A seeded shuffle: new rows newer, older and equal in time to the kept ones.
    let seed = 7
    const next = () => (seed = (seed * 48271) % 2147483647)
    for (let round = 0; round < 50; round++) {
      const kept = Array.from({ length: 40 }, (_, i) =>
        row(`k${round}-${i}`, next() % 20, `key-${next() % 5}`),
      )
      const fresh = Array.from({ length: 1 + (next() % 15) }, (_, i) =>
        row(`n${round}-${i}`, next() % 25, `key-${next() % 5}`),
      )
      const before = byId(kept)
      const all = byId([...kept, ...fresh])
      const merged = mergeAdded(
        newestFirst(before),
        fresh.map((r) => r.id),
        all,
      )
      expect(merged).toEqual(newestFirst(all))
    }
  })

  it('keeps the order as it was when nothing is added, as a copy', () => {
    const rows = byId([row('a', 1), row('b', 2)])
    const order = newestFirst(rows)
    const merged = mergeAdded(order, [], rows)
    expect(merged).toEqual(['b', 'a'])
    expect(merged).not.toBe(order)
  })
})
