// The download engine against radosgw: byte-identical and verified downloads of single-part
// and multipart objects, resume after an interruption, a changed object, a full disk.
import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { mkdir, readFile, rm, statfs } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { headObject } from '../../src/main/s3/head'
import { downloadObject, type DownloadEvent } from '../../src/main/engine/download/download'
import { journalPathOf, partialPathOf, readJournal } from '../../src/main/journal/download-journal'
import { MiB } from '../../src/shared/s3-limits'
import { freshBucket, testClient } from '../support/s3'
import { putMultipart } from './objects-support'
import { rangeStart, tracingClient } from './traced-gets'

const client = testClient()
let bucket: string
const dir = mkdtempSync(join(tmpdir(), 'ferry-download-'))

async function put(key: string, bytes: Buffer | string): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(bytes) }))
}

beforeAll(async () => {
  bucket = await freshBucket(client, 'download')
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('downloads', () => {
  it('downloads a single-part object byte for byte, verified by its MD5, with If-Match on every GET', async () => {
    const bytes = randomBytes(13 * MiB + 5)
    await put('single.bin', bytes)
    const head = await headObject(client, bucket, 'single.bin')
    const { client: recorder, gets, stop } = tracingClient()
    const target = join(dir, 'single.bin')
    const outcome = await downloadObject(recorder, {
      bucket,
      key: 'single.bin',
      target,
      partSize: 5 * MiB,
    }).finally(stop)
    expect(readFileSync(target).equals(bytes)).toBe(true)
    expect(outcome).toMatchObject({
      bytes: bytes.length,
      partsTotal: 3,
      partsDownloaded: 3,
      partsReused: 0,
      verification: { verified: true, method: 'md5' },
    })
    const sent = gets().filter((g) => g.path === `/${bucket}/single.bin`)
    expect(sent.map((g) => g.range).sort()).toEqual([
      'bytes=0-5242879',
      'bytes=10485760-13631492',
      'bytes=5242880-10485759',
    ])
    expect(sent.every((g) => g.ifMatch === `"${head.etag}"`)).toBe(true)
    expect(existsSync(partialPathOf(target)) || existsSync(journalPathOf(target))).toBe(false)
    // The file carries the object's modification time, as aws-cli sets it.
    expect(statSync(target).mtime.toISOString()).toBe(head.lastModified)
  })

  it('downloads a multipart object and recomputes its multipart ETag, whatever the range size', async () => {
    const bytes = randomBytes(21 * MiB + 7)
    await putMultipart(client, bucket, 'multi.bin', bytes, 5 * MiB)
    for (const partSize of [5 * MiB, 8 * MiB]) {
      const target = join(dir, `multi-${partSize}.bin`)
      const outcome = await downloadObject(client, {
        bucket,
        key: 'multi.bin',
        target,
        partSize,
        concurrency: 3,
      })
      expect(readFileSync(target).equals(bytes)).toBe(true)
      expect(outcome.etag).toMatch(/-5$/)
      expect(outcome.verification).toMatchObject({
        verified: true,
        method: 'multipart-etag',
        detail: expect.stringContaining('5 parts of 5.0 MiB'),
      })
    }
  })

  it('finds an uncommon part size among the likely ones (second pass)', async () => {
    const bytes = randomBytes(21 * MiB)
    await putMultipart(client, bucket, 'seven.bin', bytes, 7 * MiB)
    const outcome = await downloadObject(client, { bucket, key: 'seven.bin', target: join(dir, 'seven.bin') })
    expect(outcome.verification).toMatchObject({
      verified: true,
      detail: expect.stringContaining('3 parts of 7.0 MiB'),
    })
  })

  it('keeps, but does not call verified, an object whose parts differ in size', async () => {
    const parts = [randomBytes(6 * MiB), randomBytes(5 * MiB), randomBytes(1000)]
    const { CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand } =
      await import('@aws-sdk/client-s3')
    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'uneven.bin' }),
    )
    const etags = []
    for (const [i, body] of parts.entries())
      etags.push(
        (
          await client.send(
            new UploadPartCommand({
              Bucket: bucket,
              Key: 'uneven.bin',
              UploadId,
              PartNumber: i + 1,
              Body: body,
            }),
          )
        ).ETag,
      )
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'uneven.bin',
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    )
    const target = join(dir, 'uneven.bin')
    const outcome = await downloadObject(client, { bucket, key: 'uneven.bin', target })
    expect(readFileSync(target).equals(Buffer.concat(parts))).toBe(true)
    expect(outcome.verification).toMatchObject({
      verified: false,
      reason: expect.stringMatching(/part size/),
    })
  })

  it('downloads an empty object as an empty, verified file', async () => {
    await put('empty.txt', '')
    const target = join(dir, 'empty.txt')
    const outcome = await downloadObject(client, { bucket, key: 'empty.txt', target })
    expect(statSync(target).size).toBe(0)
    expect(outcome).toMatchObject({ partsTotal: 0, verification: { verified: true, method: 'md5' } })
  })

  it('never overwrites an existing file unless asked', async () => {
    await put('exists.txt', 'new content')
    const target = join(dir, 'exists.txt')
    writeFileSync(target, 'precious')
    await expect(downloadObject(client, { bucket, key: 'exists.txt', target })).rejects.toMatchObject({
      code: 'destination-exists',
      fix: expect.stringContaining('--force'),
    })
    expect(readFileSync(target, 'utf8')).toBe('precious')
    expect(
      await downloadObject(client, { bucket, key: 'exists.txt', target, ifExists: 'skip' }),
    ).toMatchObject({ skipped: true })
    expect(readFileSync(target, 'utf8')).toBe('precious')
    await downloadObject(client, { bucket, key: 'exists.txt', target, ifExists: 'overwrite' })
    expect(readFileSync(target, 'utf8')).toBe('new content')
  })

  it('says which is missing: the key or the bucket', async () => {
    await expect(
      downloadObject(client, { bucket, key: 'absent', target: join(dir, 'absent') }),
    ).rejects.toMatchObject({ code: 'object-missing' })
    await expect(
      downloadObject(client, { bucket: `${bucket}-absent`, key: 'x', target: join(dir, 'x') }),
    ).rejects.toMatchObject({ code: 'bucket-missing' })
  })
})

/** Starts a download and pauses it (AbortSignal) once `after` bytes are on disk. */
async function interrupted(key: string, target: string, after: number, partSize = 5 * MiB) {
  const controller = new AbortController()
  const run = downloadObject(
    client,
    { bucket, key, target, partSize, concurrency: 2, maxBytesPerSecond: 40 * MiB },
    { signal: controller.signal, onProgress: (p) => p.bytesDone >= after && controller.abort() },
  )
  await expect(run).rejects.toMatchObject({ code: 'paused', fix: expect.stringContaining('resume') })
}

/** Interrupts a download of a 20 MiB object, then flips a byte in a range the journal says is done. */
async function damageKeptRange(key: string, target: string): Promise<string> {
  // 12 MiB received with 2 ranges of 5 MiB in flight: at least one range is complete, though
  // not necessarily the first (the second may finish first on a busy machine).
  await interrupted(key, target, 12 * MiB)
  // The journal holds the start offsets of the complete ranges.
  const [start] = [...(await readJournal(journalPathOf(target)))!.done]
  expect(start).toBeDefined()
  const partial = partialPathOf(target)
  const content = await readFile(partial)
  content[start! + 100]! ^= 0xff
  writeFileSync(partial, content)
  return partial
}

describe('resume', () => {
  it('after an interruption, fetches only the ranges the journal does not hold', async () => {
    const bytes = randomBytes(40 * MiB + 3)
    await putMultipart(client, bucket, 'resume.bin', bytes, 8 * MiB)
    const target = join(dir, 'resume.bin')
    // With 5 MiB parts and 2 in flight, 22 MiB received means at least 2 parts are complete
    // (at most 10 MiB can sit in unfinished parts), however the machine schedules the reads.
    await interrupted('resume.bin', target, 22 * MiB)
    expect(existsSync(target)).toBe(false)
    const journal = await readJournal(journalPathOf(target))
    expect(journal!.done.size).toBeGreaterThanOrEqual(2)
    expect(journal!.done.size).toBeLessThan(9)

    const { client: recorder, gets, stop } = tracingClient()
    const events: DownloadEvent[] = []
    const outcome = await downloadObject(
      recorder,
      { bucket, key: 'resume.bin', target, partSize: 8 * MiB },
      { onEvent: (e) => events.push(e) },
    ).finally(stop)
    const fetched = gets()
      .filter((g) => g.path === `/${bucket}/resume.bin`)
      .map(rangeStart)
    expect(fetched).toHaveLength(9 - journal!.done.size)
    expect(fetched.filter((start) => journal!.done.has(start))).toEqual([])
    expect(outcome).toMatchObject({
      partsTotal: 9,
      partsReused: journal!.done.size,
      partsDownloaded: 9 - journal!.done.size,
    })
    expect(events[0]).toMatchObject({ kind: 'resumed', partsReused: journal!.done.size })
    expect(readFileSync(target).equals(bytes)).toBe(true)
    expect(outcome.verification).toMatchObject({ verified: true, method: 'multipart-etag' })
    expect(existsSync(journalPathOf(target))).toBe(false)
  })

  it('starts over when the object changed between runs', async () => {
    await put('changing.bin', randomBytes(20 * MiB))
    const target = join(dir, 'changing.bin')
    await interrupted('changing.bin', target, 6 * MiB)
    const replacement = randomBytes(12 * MiB)
    await put('changing.bin', replacement)
    const events: DownloadEvent[] = []
    const outcome = await downloadObject(
      client,
      { bucket, key: 'changing.bin', target },
      { onEvent: (e) => events.push(e) },
    )
    expect(outcome.restarted).toMatch(/changed since the interrupted download/)
    expect(events[0]).toMatchObject({ kind: 'restarted' })
    expect(outcome.partsReused).toBe(0)
    expect(readFileSync(target).equals(replacement)).toBe(true)
  })

  it('stops with source-changed when the object changes mid-download, leaving no file behind', async () => {
    await put('moving.bin', randomBytes(30 * MiB))
    const target = join(dir, 'moving.bin')
    let replaced: Promise<void> | undefined
    const run = downloadObject(
      client,
      { bucket, key: 'moving.bin', target, partSize: 5 * MiB, concurrency: 1, maxBytesPerSecond: 20 * MiB },
      { onProgress: (p) => void (p.bytesDone > 0 && (replaced ??= put('moving.bin', 'replaced'))) },
    )
    await expect(run).rejects.toMatchObject({ code: 'source-changed' })
    await replaced
    expect(existsSync(target) || existsSync(partialPathOf(target)) || existsSync(journalPathOf(target))).toBe(
      false,
    )
  })

  it('checks the bytes on disk: a damaged partial file fails verification and is removed', async () => {
    const bytes = randomBytes(20 * MiB)
    await put('damaged.bin', bytes)
    const target = join(dir, 'damaged.bin')
    const partial = await damageKeptRange('damaged.bin', target)
    // The same ranges as the interrupted run, so the damaged one is reused rather than fetched.
    await expect(
      downloadObject(client, { bucket, key: 'damaged.bin', target, partSize: 5 * MiB }),
    ).rejects.toMatchObject({
      code: 'integrity',
    })
    expect(existsSync(target) || existsSync(partial)).toBe(false)
    // The next run starts over and succeeds.
    const outcome = await downloadObject(client, { bucket, key: 'damaged.bin', target })
    expect(createHash('md5').update(readFileSync(target)).digest('hex')).toBe(
      createHash('md5').update(bytes).digest('hex'),
    )
    expect(outcome.verification.verified).toBe(true)
  })

  it('checks the kept ranges of a multipart object on disk, though fetched ranges are hashed as they arrive', async () => {
    const bytes = randomBytes(20 * MiB)
    await putMultipart(client, bucket, 'damaged-multi.bin', bytes, 5 * MiB)
    const target = join(dir, 'damaged-multi.bin')
    await damageKeptRange('damaged-multi.bin', target)
    // radosgw does not tell the part size, so a mismatch could also mean an unusual uploader:
    // the file is kept, and said not to be verified.
    const outcome = await downloadObject(client, {
      bucket,
      key: 'damaged-multi.bin',
      target,
      partSize: 5 * MiB,
    })
    expect(outcome.partsReused).toBeGreaterThan(0)
    expect(outcome.verification).toMatchObject({
      verified: false,
      reason: expect.stringContaining('reproduces the ETag'),
    })
  })
})

// Needs a small file system of its own: a tmpfs, which root can mount.
const root = process.getuid?.() === 0
describe.skipIf(!root)('a full disk (tmpfs; needs root)', () => {
  const small = join(dir, 'small-disk')

  beforeAll(async () => {
    await mkdir(small, { recursive: true })
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', small])
  })

  afterAll(() => {
    execFileSync('umount', [small])
  })

  it('refuses before the first byte when the object cannot fit', async () => {
    await put('too-big.bin', randomBytes(30 * MiB))
    const { client: recorder, gets, stop } = tracingClient()
    await expect(
      downloadObject(recorder, { bucket, key: 'too-big.bin', target: join(small, 'too-big.bin') }).finally(
        stop,
      ),
    ).rejects.toMatchObject({
      code: 'disk-full',
      message: expect.stringMatching(/is full \(.* more needed\)/),
      fix: expect.stringContaining('resumes'),
    })
    expect(gets()).toEqual([])
  })

  it('stops with disk-full when the disk fills mid-way, removes the partial file and the journal of its ranges, and starts over once there is room', async () => {
    const bytes = randomBytes(16 * MiB)
    await put('fills.bin', bytes)
    const target = join(small, 'fills.bin')
    const filler = join(small, 'filler')
    let filled = false
    const run = downloadObject(
      client,
      { bucket, key: 'fills.bin', target, partSize: 5 * MiB, concurrency: 1, maxBytesPerSecond: 20 * MiB },
      {
        onProgress: (p) => {
          if (filled || p.bytesDone < 6 * MiB) return
          filled = true
          // Someone else takes the remaining space.
          // The download keeps writing meanwhile, so the filler itself may meet ENOSPC: the
          // disk is full either way, which is the point.
          void statfs(small).then((s) => {
            try {
              writeFileSync(filler, Buffer.alloc(Number(s.bavail * s.bsize)))
            } catch (e) {
              if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e
            }
          })
        },
      },
    )
    await expect(run).rejects.toMatchObject({
      code: 'disk-full',
      message: expect.stringMatching(
        /is full \(16 MiB more needed\); the partial file .*fills\.bin\.ferry-partial was removed/,
      ),
      fix: expect.stringContaining('run the same command again'),
    })
    expect(existsSync(target)).toBe(false)
    expect(existsSync(partialPathOf(target))).toBe(false)
    expect(existsSync(journalPathOf(target))).toBe(false)
    // The space the partial file held is free again.
    const free = await statfs(small)
    expect(Number(free.bavail * free.bsize)).toBeGreaterThanOrEqual(5 * MiB)

    await rm(filler)
    const outcome = await downloadObject(client, { bucket, key: 'fills.bin', target })
    expect(outcome.partsReused).toBe(0)
    expect(outcome.restarted).toBeUndefined()
    expect(readFileSync(target).equals(bytes)).toBe(true)
    expect(outcome.verification.verified).toBe(true)
  })
})
