// A download whose job carries no rate (the app's, started with no limit in Settings) follows
// the limit the engine is given: the ranges of a large object started before it, and the one
// GET of a small object, take their turns on the engine's download link. Against radosgw, the files
// compared byte for byte.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { downloadLink, setBandwidthLimit } from '../../src/main/engine/bandwidth'
import { downloadObject } from '../../src/main/engine/download/download'
import { downloadSmall } from '../../src/main/engine/download/small-download'
import { MiB } from '../../src/shared/s3-limits'
import { freshBucket, testClient } from '../support/s3'

const client = testClient()
const dir = mkdtempSync(join(tmpdir(), 'ferry-download-live-limit-'))
let bucket: string

beforeAll(async () => {
  bucket = await freshBucket(client, 'dllivelimit')
})
afterEach(() => {
  // Back to each job's own rate, as an engine no one gave a limit.
  downloadLink.setRate(undefined)
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('a download with no rate of its own, under the engine’s limit', () => {
  it('its ranges wait their turns at the new limit', async () => {
    const bytes = randomBytes(6 * MiB)
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'ranged.bin', Body: bytes }))
    const target = join(dir, 'ranged.bin')
    const started = performance.now()
    const run = downloadObject(client, {
      bucket,
      key: 'ranged.bin',
      target,
      partSize: 5 * MiB,
      concurrency: 2,
    })
    // Before its HEAD is answered: every range's take comes after this.
    setBandwidthLimit(2 * MiB)
    const outcome = await run
    // 6 MiB at 2 MiB/s: about 3 s (less a slice and the catch-up); without the limit, well
    // under a second from a local server.
    expect(performance.now() - started).toBeGreaterThanOrEqual(2_500)
    expect(outcome.verification.verified).toBe(true)
    expect(readFileSync(target).equals(bytes)).toBe(true)
  })

  it('a small object’s one GET, its job without a rate, waits its turn under the engine’s limit', async () => {
    const bytes = randomBytes(MiB)
    const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'small.bin', Body: bytes }))
    const target = join(dir, 'small.bin')
    // Its take is its first step (a take passes or waits as the link stands when it is made).
    setBandwidthLimit(256 * 1024)
    const started = performance.now()
    const run = downloadSmall(
      client,
      { bucket, key: 'small.bin', target },
      { etag: put.ETag!, size: bytes.length },
      new AbortController().signal,
    )
    const outcome = await run
    // 1 MiB at 256 KiB/s: about 4 s before the GET may go.
    expect(performance.now() - started).toBeGreaterThanOrEqual(3_500)
    expect(outcome?.verification.verified).toBe(true)
    expect(readFileSync(target).equals(bytes)).toBe(true)
  })
})
