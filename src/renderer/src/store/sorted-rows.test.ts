import { describe, expect, it } from 'vitest'
import type { ObjectEntry } from './browser-slice'
import { rowName, visibleRows } from './sorted-rows'

const obj = (key: string, size: number, lastModified: string): ObjectEntry => ({
  kind: 'object',
  key,
  size,
  lastModified,
  storageClass: 'STANDARD',
  etag: '',
})

const objects = [
  obj('p/item-10.txt', 5, '2026-01-03T00:00:00Z'),
  obj('p/item-9.txt', 50, '2026-01-01T00:00:00Z'),
  obj('p/Alpha.txt', 500, '2026-01-02T00:00:00Z'),
]
const folders = ['p/zeta/', 'p/beta/']

describe('visibleRows', () => {
  it('puts folders first and orders names as people read numbers', () => {
    const rows = visibleRows(folders, objects, '', { column: 'name', direction: 'ascending' })
    expect(rows.map(rowName)).toEqual(['beta', 'zeta', 'Alpha.txt', 'item-9.txt', 'item-10.txt'])
  })

  it('sorts objects by size or date, either way, folders still on top', () => {
    expect(
      visibleRows(folders, objects, '', { column: 'size', direction: 'descending' }).map(rowName),
    ).toEqual(['zeta', 'beta', 'Alpha.txt', 'item-9.txt', 'item-10.txt'])
    expect(
      visibleRows([], objects, '', { column: 'lastModified', direction: 'ascending' }).map(rowName),
    ).toEqual(['item-9.txt', 'Alpha.txt', 'item-10.txt'])
  })

  it('filters by name, not by the folder path above it', () => {
    expect(
      visibleRows(folders, objects, 'ITEM', { column: 'name', direction: 'ascending' }).map(rowName),
    ).toEqual(['item-9.txt', 'item-10.txt'])
    expect(visibleRows(folders, objects, 'p/', { column: 'name', direction: 'ascending' })).toEqual([])
  })
})
