import { describe, expect, it, vi } from 'vitest'
import type { ObjectEntry } from './browser-slice'
import { compareRows, incrementalRows, nameMatcher, rowId, rowName, type BrowserRow } from './sorted-rows'
import type { SortOrder } from './view-slice'

/** The order by definition: every row filtered and sorted with compareRows, from scratch. */
function visibleRows(
  folders: readonly string[],
  objects: readonly ObjectEntry[],
  filter: string,
  sort: SortOrder,
): BrowserRow[] {
  const matches = nameMatcher(filter)
  const compare = compareRows(sort)
  const folderRows: BrowserRow[] = folders.map((prefix) => ({ kind: 'folder' as const, prefix }))
  return [
    ...folderRows.filter(matches).sort(compare.folders),
    ...objects.filter(matches).sort(compare.objects),
  ]
}

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

describe('incrementalRows', () => {
  it('gives what visibleRows gives while pages are appended, for every order and a filter', () => {
    // Names that sort differently by collation than by S3's byte order, with ties on size and date.
    let seed = 7
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
    // Keys are unique in a listing, as S3 lists them; "Item-7" and "item-7" tie by name.
    const used = new Set<string>()
    const uniqueKey = (): string => {
      const key = `p/${random() < 0.5 ? 'Item' : 'item'}-${Math.floor(random() * 5000)}.txt`
      return used.has(key) ? uniqueKey() : (used.add(key), key)
    }
    const page = (n: number) =>
      Array.from({ length: n }, () => {
        return obj(
          uniqueKey(),
          Math.floor(random() * 4),
          `2026-01-0${1 + Math.floor(random() * 3)}T00:00:00Z`,
        )
      })
    const orders: SortOrder[] = [
      { column: 'name', direction: 'ascending' },
      { column: 'name', direction: 'descending' },
      { column: 'size', direction: 'ascending' },
      { column: 'lastModified', direction: 'descending' },
    ]
    for (const sort of orders) {
      for (const filter of ['', 'item-1']) {
        const rows = incrementalRows()
        let listed: ObjectEntry[] = []
        for (let p = 0; p < 5; p++) {
          listed = [...listed, ...page(200)]
          const shown = rows(folders, listed, filter, sort)
          expect(shown.rows).toEqual(visibleRows(folders, listed, filter, sort))
          expect(shown.ids).toEqual(shown.rows.map(rowId))
        }
      }
    }
  })

  it('follows arrays that grow in place, folders and objects, in or out of order', () => {
    const rows = incrementalRows()
    const name = { column: 'name', direction: 'ascending' } as const
    const listedFolders: string[] = []
    const listed: ObjectEntry[] = []
    // S3's order: in order, so appended; then a page that sorts before the end (collation
    // differs from byte order), so merged; folders arriving on a later page go on top.
    const pages: [string[], string[]][] = [
      [['p/b/'], ['p/item-1.txt', 'p/item-2.txt']],
      [[], ['p/item-3.txt', 'p/item-4.txt']],
      [['p/a/'], ['p/Item-0.txt', 'p/item-5.txt']],
      [[], []],
    ]
    let first: string[] | undefined
    for (const [pageFolders, keys] of pages) {
      listedFolders.push(...pageFolders)
      listed.push(...keys.map((key) => obj(key, 1, '')))
      const shown = rows(listedFolders, listed, '', name)
      first ??= shown.ids
      expect(shown.rows).toEqual(visibleRows(listedFolders, listed, '', name))
      expect(shown.ids).toEqual(shown.rows.map(rowId))
    }
    expect(rows(listedFolders, listed, '', name).ids).toEqual([
      'p/a/',
      'p/b/',
      'p/Item-0.txt',
      'p/item-1.txt',
      'p/item-2.txt',
      'p/item-3.txt',
      'p/item-4.txt',
      'p/item-5.txt',
    ])
    // The second page was appended to the first page's arrays, not copied.
    const again = incrementalRows()
    const grown = [obj('p/a.txt', 1, '')]
    const before = again([], grown, '', name).ids
    grown.push(obj('p/b.txt', 1, ''))
    expect(again([], grown, '', name).ids).toBe(before)
    expect(before).toEqual(['p/a.txt', 'p/b.txt'])
  })

  it('starts over when the listing is replaced or the order changes', () => {
    const rows = incrementalRows()
    const name = { column: 'name', direction: 'ascending' } as const
    expect(rows([], objects, '', name).rows.map(rowName)).toEqual(['Alpha.txt', 'item-9.txt', 'item-10.txt'])
    const other = [obj('p/zz.txt', 1, ''), obj('p/aa.txt', 1, '')]
    expect(rows([], other, '', name).rows.map(rowName)).toEqual(['aa.txt', 'zz.txt'])
    expect(rows([], other, '', { column: 'name', direction: 'descending' }).rows.map(rowName)).toEqual([
      'zz.txt',
      'aa.txt',
    ])
  })

  it('derives every other view from the name order, collating no name again', () => {
    const classes = ['STANDARD', 'GLACIER', 'STANDARD_IA', 'DEEP_ARCHIVE']
    const listed = Array.from({ length: 3000 }, (_, i) => ({
      ...obj(
        `p/${i % 3 ? 'file' : 'File'}-${(i * 7919) % 3000}.bin`,
        i % 7,
        `2026-01-0${1 + (i % 5)}T00:00:00Z`,
      ),
      storageClass: classes[i % 4]!,
    }))
    const rows = incrementalRows()
    const name = { column: 'name', direction: 'ascending' } as const
    for (let n = 1000; n <= listed.length; n += 1000) rows(folders, listed.slice(0, n), '', name)
    const views: [SortOrder, string][] = [
      [{ column: 'name', direction: 'descending' }, ''],
      [{ column: 'size', direction: 'ascending' }, ''],
      [{ column: 'size', direction: 'descending' }, 'file-1'],
      [{ column: 'lastModified', direction: 'ascending' }, 'FILE'],
      [{ column: 'storageClass', direction: 'descending' }, ''],
      [{ column: 'storageClass', direction: 'ascending' }, '-2'],
      [name, 'e'],
      [name, ''],
    ]
    // Each comparison reads the collator's compare: its getter counts them.
    const compares = vi.spyOn(Intl.Collator.prototype, 'compare', 'get')
    try {
      for (const [sort, filter] of views) {
        compares.mockClear()
        const shown = rows(folders, listed, filter, sort)
        // The two folders are sorted again: one comparison, never the objects'.
        expect(
          compares.mock.calls.length,
          `${sort.column} ${sort.direction} "${filter}"`,
        ).toBeLessThanOrEqual(1)
        expect(shown.rows).toEqual(visibleRows(folders, listed, filter, sort))
        expect(shown.ids).toEqual(shown.rows.map(rowId))
      }
    } finally {
      compares.mockRestore()
    }
  })
})
