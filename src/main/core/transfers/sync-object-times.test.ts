import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ObjectTimes, timesFile } from './sync-object-times'

const dir = mkdtempSync(join(tmpdir(), 'ferry-sync-times-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const place = { endpoint: 'http://s3.test', bucket: 'b', prefix: 'p/' }

describe('ObjectTimes', () => {
  it('keeps a time per key and ETag across runs, and forgets keys no longer listed', async () => {
    const path = timesFile({ dir, ...place })
    expect(path).not.toBe(timesFile({ dir, ...place, prefix: 'q/' }))
    const first = await ObjectTimes.open(path, place)
    first.set('p/a', 'etag-a', 1_000)
    first.set('p/b', 'etag-b', 2_000)
    await first.save()

    const again = await ObjectTimes.open(path, place)
    expect(again.get('p/a', 'etag-a')).toBe(1_000)
    // Replaced since: another ETag, so the time is not known.
    expect(again.get('p/a', 'etag-new')).toBeUndefined()
    again.keepOnly(new Set(['p/a']))
    await again.save()
    expect((await ObjectTimes.open(path, place)).get('p/b', 'etag-b')).toBeUndefined()
  })

  it('starts empty from a damaged file rather than failing the sync', async () => {
    const path = join(dir, 'damaged.json')
    writeFileSync(path, '{"v":1,"objects":{"p/a":["e"')
    const times = await ObjectTimes.open(path, place)
    expect(times.get('p/a', 'e')).toBeUndefined()
  })
})
