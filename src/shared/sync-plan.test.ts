import { describe, expect, it } from 'vitest'
import type { FerryError } from './errors'
import { compareDigests, planSync, type SyncEntry, type SyncOptions } from './sync-plan'

const T = 1_733_500_000_000
const file = (path: string, size: number, mtimeMs = T, extra: Partial<SyncEntry> = {}): SyncEntry => ({
  path,
  size,
  mtimeMs,
  ...extra,
})
const up: SyncOptions = { direction: 'upload', compare: 'size-mtime', delete: false }
const down: SyncOptions = { ...up, direction: 'download' }
const checksum: SyncOptions = { ...up, compare: 'checksum' }
const md5 = (hex: string) => ({ kind: 'md5' as const, hex })

const reasons = (plan: ReturnType<typeof planSync>) => plan.transfers.map((t) => [t.path, t.reason])

describe('planSync: size and modification time', () => {
  it('moves nothing over an unchanged tree', () => {
    const tree = [file('a', 1), file('dir/b', 20, T + 5), file('dir/c', 300, T - 7_000)]
    const plan = planSync(
      tree,
      tree.map((e) => ({ ...e })),
      up,
    )
    expect(plan.transfers).toEqual([])
    expect(plan.deletions).toEqual([])
    expect(plan.skipped.map((s) => s.path)).toEqual(['a', 'dir/b', 'dir/c'])
    expect(plan.totals).toEqual({
      upload: { files: 0, bytes: 0 },
      download: { files: 0, bytes: 0 },
      skipped: { files: 3, bytes: 321 },
      delete: { files: 0, bytes: 0 },
    })
  })

  it('moves what the destination lacks, with totals on the direction moved', () => {
    const plan = planSync([file('new', 10), file('old', 5)], [file('old', 5)], down)
    expect(reasons(plan)).toEqual([['new', 'missing']])
    expect(plan.transfers[0]!.detail).toBe('not at the destination')
    expect(plan.totals.download).toEqual({ files: 1, bytes: 10 })
    expect(plan.totals.upload).toEqual({ files: 0, bytes: 0 })
  })

  it('moves a file whose size differs, even with the same time', () => {
    const plan = planSync([file('a', 10)], [file('a', 11)], up)
    expect(reasons(plan)).toEqual([['a', 'size']])
    expect(plan.transfers[0]!.detail).toBe('size differs: 10 bytes at the source, 11 at the destination')
  })

  it('moves a file whose time differs by a second or more, whichever side is newer', () => {
    const plan = planSync(
      [file('newer', 1, T + 1_000), file('older', 1, T - 2_500)],
      [file('newer', 1), file('older', 1)],
      up,
    )
    expect(reasons(plan)).toEqual([
      ['newer', 'newer'],
      ['older', 'older'],
    ])
    expect(plan.transfers[0]!.detail).toBe(
      'the source is newer: 2024-12-06T15:46:41.000Z at the source, 2024-12-06T15:46:40.000Z at the destination',
    )
  })

  it('takes times less than a second apart as equal (metadata in whole seconds)', () => {
    const source = [file('a', 1, T + 999), file('b', 1, T + 0.25), file('c', 1, T - 999)]
    const plan = planSync(source, [file('a', 1), file('b', 1), file('c', 1)], up)
    expect(plan.transfers).toEqual([])
    expect(plan.skipped.map((s) => s.detail)).toEqual([
      'same size and time',
      'same size and time',
      'same size and time',
    ])
  })

  it('uploads over an object known only by its Last-Modified only when the file changed after it was stored', () => {
    const stored = (path: string, ms: number) => file(path, 1, ms, { mtimeIsUploadTime: true })
    const plan = planSync(
      [file('unchanged', 1, T - 60_000), file('edited', 1, T + 60_000), file('within', 1, T + 500)],
      [stored('unchanged', T), stored('edited', T), stored('within', T)],
      up,
    )
    expect(reasons(plan)).toEqual([['edited', 'newer']])
    expect(plan.transfers[0]!.detail).toMatch(/^changed since it was stored: /)
    expect(plan.skipped.map((s) => s.path)).toEqual(['unchanged', 'within'])
  })
})

describe('planSync: checksum', () => {
  it('skips equal content whatever the times, and moves different content of the same size', () => {
    const plan = planSync(
      [
        file('same', 4, T + 86_400_000, { digest: md5('AA'.repeat(16)) }),
        file('changed', 4, T, { digest: md5('bb'.repeat(16)) }),
      ],
      [
        file('same', 4, T, { digest: md5('aa'.repeat(16)) }),
        file('changed', 4, T, { digest: md5('cc'.repeat(16)) }),
      ],
      checksum,
    )
    expect(reasons(plan)).toEqual([['changed', 'content']])
    expect(plan.skipped).toEqual([{ path: 'same', size: 4, detail: 'same size and MD5' }])
  })

  it('still moves a file whose size differs without reading digests', () => {
    expect(
      reasons(
        planSync(
          [file('a', 1, T, { digest: md5('a'.repeat(32)) })],
          [file('a', 2, T, { digest: md5('a'.repeat(32)) })],
          checksum,
        ),
      ),
    ).toEqual([['a', 'size']])
  })

  it('falls back to size and time when digests cannot be compared, and says why', () => {
    const kms = { kind: 'opaque' as const, reason: 'the object is encrypted with SSE-KMS' }
    const plan = planSync(
      [
        file('kms', 3, T, { digest: md5('a'.repeat(32)) }),
        file('kms-newer', 3, T + 5_000, { digest: md5('a'.repeat(32)) }),
      ],
      [file('kms', 3, T, { digest: kms }), file('kms-newer', 3, T, { digest: kms })],
      checksum,
    )
    expect(reasons(plan)).toEqual([['kms-newer', 'newer']])
    const why = 'checksum not comparable (the object is encrypted with SSE-KMS), so size and time decided'
    expect(plan.transfers[0]!.fallback).toBe(why)
    expect(plan.skipped).toEqual([{ path: 'kms', size: 3, detail: 'same size and time', fallback: why }])
  })

  it('compares multipart ETags only when the part size is the same and known', () => {
    const mp = (etag: string, partSize?: number) =>
      ({ kind: 'multipart', etag, ...(partSize === undefined ? {} : { partSize }) }) as const
    const a = `"${'a'.repeat(32)}-3"`
    const b = `${'b'.repeat(32)}-3`
    expect(compareDigests(mp(a), mp(a.replaceAll('"', '').toUpperCase()))).toEqual({
      kind: 'same',
      how: 'multipart ETag',
    })
    expect(compareDigests(mp(a, 8), mp(b, 8))).toEqual({ kind: 'differs', how: 'multipart ETag' })
    expect(compareDigests(mp(a, 8), mp(b))).toMatchObject({
      kind: 'unknown',
      why: expect.stringMatching(/part size/),
    })
    expect(compareDigests(mp(a, 8), mp(b, 5))).toMatchObject({ kind: 'unknown' })
    expect(compareDigests(md5('a'.repeat(32)), mp(a))).toMatchObject({
      kind: 'unknown',
      why: expect.stringMatching(/plain MD5/),
    })
    expect(compareDigests(md5('a'.repeat(32)), undefined)).toEqual({
      kind: 'unknown',
      why: 'the destination has no checksum',
    })
    expect(compareDigests(undefined, md5('a'.repeat(32)))).toEqual({
      kind: 'unknown',
      why: 'the source has no checksum',
    })
  })
})

describe('planSync: deletions', () => {
  const source = [file('keep', 1)]
  const destination = [file('keep', 1), file('gone/x', 7), file('gone/a', 3)]

  it('deletes nothing without delete, however much the destination holds', () => {
    const plan = planSync(source, destination, up)
    expect(plan.deletions).toEqual([])
    expect(plan.totals.delete).toEqual({ files: 0, bytes: 0 })
  })

  it('lists what the source lacks, sorted, with delete', () => {
    const plan = planSync(source, destination, { ...up, delete: true })
    expect(plan.deletions).toEqual([
      { path: 'gone/a', size: 3 },
      { path: 'gone/x', size: 7 },
    ])
    expect(plan.totals.delete).toEqual({ files: 2, bytes: 10 })
  })

  it('refuses a plan that would delete more than maxDelete, naming the count and the fix', () => {
    expect(planSync(source, destination, { ...up, delete: true, maxDelete: 2 }).deletions).toHaveLength(2)
    let error: unknown
    try {
      planSync(source, destination, { ...up, delete: true, maxDelete: 1 })
    } catch (e) {
      error = e
    }
    expect((error as FerryError).toValue()).toEqual({
      code: 'delete-limit',
      message:
        'the sync would delete 2 files at the destination, more than --max-delete 1 allows; nothing was changed',
      fix: 'Check the source and destination are the ones you meant (--dry-run lists each deletion), then raise the limit with --max-delete 2, or drop --delete to copy without deleting.',
      detail: '2',
    })
  })

  it('ignores maxDelete when nothing is to be deleted', () => {
    expect(planSync(source, destination, { ...up, maxDelete: 0 }).deletions).toEqual([])
  })
})

describe('planSync: order and input', () => {
  it('sorts every list by path, whatever order the listings came in', () => {
    const plan = planSync([file('b', 1), file('a/z', 1), file('a', 2), file('B', 1)], [file('a', 1)], up)
    expect(plan.transfers.map((t) => t.path)).toEqual(['B', 'a', 'a/z', 'b'])
  })

  it('refuses a listing that names one path twice', () => {
    expect(() => planSync([file('a', 1), file('a', 2)], [], up)).toThrow(/source listing holds "a" twice/)
  })
})
