// The object commands of the `ferry` CLI, run as a user runs them (node bin/ferry.js),
// against radosgw: output, exit codes (0 done, 1 failed, 2 bad usage) and one-line errors.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { headObject } from '../../src/main/s3/head'
import { journalPathOf, readJournal } from '../../src/main/journal/download-journal'
import { MiB } from '../../src/shared/s3-limits'
import { freshBucket, testClient } from '../support/s3'
import { cliEnv, jsonLines, putMultipart, runCli } from './objects-support'

const client = testClient()
let bucket: string
const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-objects-'))
/** The single line `ferry: CAUSE. Fix: WHAT TO DO` every failure prints. */
const ERROR_LINE = /^ferry: .+\. Fix: .+\n$/

async function put(key: string, body: Buffer | string, extra: Record<string, unknown> = {}) {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(body), ...extra }))
}

beforeAll(async () => {
  bucket = await freshBucket(client, 'cli-objects')
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('ferry head and meta', () => {
  it('shows an object, and its metadata as JSON', async () => {
    await put('docs/report.txt', 'report', { ContentType: 'text/plain', Metadata: { owner: 'alice' } })
    const human = await runCli(['head', `s3://${bucket}/docs/report.txt`])
    expect(human.code).toBe(0)
    expect(human.stdout).toContain('size: 6 (6 B)\n')
    expect(human.stdout).toContain('content-type: text/plain\n')
    expect(human.stdout).toContain('x-amz-meta-owner: alice\n')
    const json = await runCli(['head', `s3://${bucket}/docs/report.txt`, '--json'])
    expect(jsonLines(json.stdout)[0]).toMatchObject({
      size: 6,
      contentType: 'text/plain',
      metadata: { owner: 'alice' },
    })
  })

  it('sets non-ASCII metadata with meta and reads it back with head, keeping Content-Type', async () => {
    await put('docs/unicode.txt', 'u', { ContentType: 'text/markdown', CacheControl: 'max-age=9' })
    const set = await runCli([
      'meta',
      `s3://${bucket}/docs/unicode.txt`,
      '--set',
      'title=Grüße 東京',
      '--set',
      'state=done',
    ])
    expect(set.code).toBe(0)
    expect(set.stdout).toContain('x-amz-meta-title: Grüße 東京\n')
    const head = await runCli(['head', `s3://${bucket}/docs/unicode.txt`, '--json'])
    expect(jsonLines(head.stdout)[0]).toMatchObject({
      contentType: 'text/markdown',
      cacheControl: 'max-age=9',
      metadata: { title: 'Grüße 東京', state: 'done' },
    })
    const unset = await runCli([
      'meta',
      `s3://${bucket}/docs/unicode.txt`,
      '--unset',
      'state',
      '--cache-control',
      'no-store',
    ])
    expect(unset.code).toBe(0)
    const shown = await runCli(['meta', `s3://${bucket}/docs/unicode.txt`])
    expect(shown.stdout).toBe(
      'content-type: text/markdown\ncache-control: no-store\nx-amz-meta-title: Grüße 東京\n',
    )
  })

  it('refuses an update guarded by a stale ETag (exit 1)', async () => {
    await put('docs/guarded.txt', 'one')
    const old = await headObject(client, bucket, 'docs/guarded.txt')
    await put('docs/guarded.txt', 'two')
    const run = await runCli([
      'meta',
      `s3://${bucket}/docs/guarded.txt`,
      '--set',
      'a=b',
      '--if-match',
      old.etag,
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(ERROR_LINE)
    expect(run.stderr).toContain('changed while Ferry worked on it')
  })

  it('exits 1 naming the missing key or bucket, and 2 on bad usage', async () => {
    const key = await runCli(['head', `s3://${bucket}/docs/absent.txt`])
    expect(key.code).toBe(1)
    expect(key.stderr).toBe(
      `ferry: s3://${bucket}/docs/absent.txt does not exist. Fix: Check the key; list the folder to see what is there.\n`,
    )
    const missingBucket = await runCli(['meta', `s3://${bucket}-absent/x`])
    expect(missingBucket.code).toBe(1)
    expect(missingBucket.stderr).toMatch(
      new RegExp(`^ferry: bucket "${bucket}-absent" does not exist\\. Fix: `),
    )
    for (const args of [
      ['head'],
      ['head', 'not-a-url'],
      ['meta', `s3://${bucket}/x`, '--set', 'novalue'],
      ['head', `s3://${bucket}/x`, '--bogus'],
      ['meta', `s3://${bucket}/`],
    ]) {
      const run = await runCli(args)
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.stderr, args.join(' ')).toMatch(/^ferry.*Fix: .+\n$/)
    }
  })

  it('uses the default bucket for bare keys (FERRY_BUCKET or --bucket)', async () => {
    await put('docs/default.txt', 'd')
    const run = await runCli(['head', 'docs/default.txt', '--json'], {
      env: cliEnv({ FERRY_BUCKET: bucket }),
    })
    expect(run.code).toBe(0)
    expect(jsonLines(run.stdout)[0]).toMatchObject({ key: 'docs/default.txt', size: 1 })
    const flag = await runCli(['head', '--bucket', bucket, 'docs/default.txt'])
    expect(flag.code).toBe(0)
  })
})

describe('ferry get', () => {
  it('downloads into a folder under the key name, verified, and refuses to overwrite without --force', async () => {
    const bytes = randomBytes(11 * MiB)
    await putMultipart(client, bucket, 'data/archive.tar', bytes, 5 * MiB)
    const run = await runCli(['get', `s3://${bucket}/data/archive.tar`, `${dir}/`, '--json'])
    expect(run.code).toBe(0)
    const done = jsonLines(run.stdout).find((l) => l['event'] === 'done')
    expect(done).toMatchObject({
      key: 'data/archive.tar',
      bytes: bytes.length,
      verified: true,
      verification: 'multipart-etag',
      partsReused: 0,
    })
    expect(readFileSync(join(dir, 'archive.tar')).equals(bytes)).toBe(true)

    const again = await runCli(['get', `s3://${bucket}/data/archive.tar`, join(dir, 'archive.tar')])
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(ERROR_LINE)
    expect(again.stderr).toContain('already exists. Fix: Add --force')
    const forced = await runCli([
      'get',
      `s3://${bucket}/data/archive.tar`,
      join(dir, 'archive.tar'),
      '--force',
    ])
    expect(forced.code).toBe(0)
    expect(forced.stdout).toMatch(
      /^downloaded s3:\/\/.* to .*archive\.tar: 11 MiB in .*\nverified: 3 parts of 5\.0 MiB/,
    )
  })

  it('resumes after the CLI is killed with SIGKILL, fetching only what is missing', async () => {
    const bytes = randomBytes(40 * MiB)
    await putMultipart(client, bucket, 'data/killed.bin', bytes, 8 * MiB)
    const target = join(dir, 'killed.bin')
    const args = [
      'get',
      `s3://${bucket}/data/killed.bin`,
      target,
      '--json',
      '--part-size',
      '5MiB',
      '--concurrency',
      '2',
    ]
    const first = await runCli([...args, '--max-rate', '20MiB'], {
      onStdout: (out, kill) => {
        const progress = jsonLines(out).filter((l) => l['event'] === 'progress')
        if (progress.some((p) => (p['bytesDone'] as number) >= 16 * MiB)) kill()
      },
    })
    expect(first.signal).toBe('SIGKILL')
    expect(existsSync(target)).toBe(false)
    const journal = await readJournal(journalPathOf(target))
    expect(journal!.done.size).toBeGreaterThanOrEqual(2)

    const second = await runCli(args)
    expect(second.code).toBe(0)
    const lines = jsonLines(second.stdout)
    expect(lines.find((l) => l['event'] === 'resumed')).toMatchObject({ partsReused: journal!.done.size })
    expect(lines.find((l) => l['event'] === 'done')).toMatchObject({
      verified: true,
      partsReused: journal!.done.size,
      partsDownloaded: 8 - journal!.done.size,
    })
    expect(readFileSync(target).equals(bytes)).toBe(true)
  })

  it('pauses on Ctrl-C (the engine keeps the partial file), and the same command resumes', async () => {
    const bytes = randomBytes(48 * MiB)
    await putMultipart(client, bucket, 'data/interrupted.bin', bytes, 8 * MiB)
    const target = join(dir, 'interrupted.bin')
    const args = ['get', `s3://${bucket}/data/interrupted.bin`, target, '--json', '--part-size', '5MiB']
    let signalled = false
    const first = await runCli([...args, '--concurrency', '2', '--max-rate', '16MiB'], {
      onStdout: (out, kill) => {
        const progress = jsonLines(out).filter((l) => l['event'] === 'progress')
        // 21 MiB received with 2 ranges of 5 MiB in flight: at least 2 ranges are complete.
        if (!signalled && progress.some((p) => (p['bytesDone'] as number) >= 21 * MiB)) {
          signalled = true
          kill('SIGINT')
        }
      },
    })
    expect(first.code).toBe(1)
    expect(first.stderr).toMatch(/stopped; what arrived is kept beside .*\. Fix: Run the same command again/)
    expect(existsSync(target)).toBe(false)

    const second = await runCli(args)
    expect(second.code).toBe(0)
    const lines = jsonLines(second.stdout)
    const resumed = lines.find((l) => l['event'] === 'resumed')
    expect(resumed?.['partsReused']).toBeGreaterThanOrEqual(2)
    expect(lines.find((l) => l['event'] === 'done')).toMatchObject({
      verified: true,
      partsReused: resumed?.['partsReused'],
    })
    expect(readFileSync(target).equals(bytes)).toBe(true)
  })

  it('exits 1 for a missing key or bucket and 2 for bad settings', async () => {
    const key = await runCli(['get', `s3://${bucket}/data/absent.bin`, dir])
    expect(key.code).toBe(1)
    expect(key.stderr).toContain('does not exist. Fix: Check the key')
    const missingBucket = await runCli(['get', `s3://${bucket}-absent/x.bin`, dir])
    expect(missingBucket.code).toBe(1)
    expect(missingBucket.stderr).toMatch(/^ferry: bucket ".*-absent" does not exist/)
    const small = await runCli([
      'get',
      `s3://${bucket}/data/archive.tar`,
      join(dir, 'x'),
      '--part-size',
      '1MiB',
    ])
    expect(small.code).toBe(2)
    expect(small.stderr).toMatch(/below S3's minimum of 5 MiB\. Fix: Use a part size of at least 5MiB/)
    const contradiction = await runCli([
      'get',
      `s3://${bucket}/data/archive.tar`,
      join(dir, 'x'),
      '--force',
      '--if-exists',
      'skip',
    ])
    expect(contradiction.code).toBe(2)
    expect(existsSync(join(dir, 'x'))).toBe(false)
  })
})

describe('ferry cp, rm, presign, ls', () => {
  it('copies with the source metadata, or with new metadata', async () => {
    await put('cp/src.txt', 'copy me', { ContentType: 'text/plain', Metadata: { owner: 'alice' } })
    const plain = await runCli(['cp', `s3://${bucket}/cp/src.txt`, `s3://${bucket}/cp/out/`])
    expect(plain.code).toBe(0)
    expect(plain.stdout).toBe(`copied s3://${bucket}/cp/src.txt to s3://${bucket}/cp/out/src.txt (7 B)\n`)
    expect((await headObject(client, bucket, 'cp/out/src.txt')).metadata).toEqual({ owner: 'alice' })
    const replaced = await runCli([
      'cp',
      `s3://${bucket}/cp/src.txt`,
      `s3://${bucket}/cp/new.txt`,
      '--meta',
      'owner=bob',
      '--meta',
      'note=Köln',
    ])
    expect(replaced.code).toBe(0)
    expect(await headObject(client, bucket, 'cp/new.txt')).toMatchObject({
      contentType: 'text/plain',
      metadata: { owner: 'bob', note: 'Köln' },
    })
    const local = await runCli(['cp', './local.txt', `s3://${bucket}/cp/x`])
    expect(local.code).toBe(2)
    expect(local.stderr).toContain('ferry upload')
  })

  it('deletes keys, and a prefix with --recursive', async () => {
    for (const key of ['rm/a.txt', 'rm/b.txt', 'rm/sub/c.txt', 'rm-keep/d.txt', 'rmx.txt'])
      await put(key, key)
    const two = await runCli(['rm', `s3://${bucket}/rm/a.txt`, `s3://${bucket}/rm/b.txt`])
    expect(two.code).toBe(0)
    expect(two.stdout).toBe(`deleted s3://${bucket}/rm/a.txt\ndeleted s3://${bucket}/rm/b.txt\n`)
    const dry = await runCli(['rm', '--recursive', `s3://${bucket}/rm`, '--dry-run'])
    expect(dry.stdout).toContain(`would delete s3://${bucket}/rm/sub/c.txt`)
    const recursive = await runCli(['rm', '--recursive', `s3://${bucket}/rm`])
    expect(recursive.code).toBe(0)
    expect(recursive.stdout).toBe(`deleted 1 object under s3://${bucket}/rm/\n`)
    const left = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'rm' }))
    expect((left.Contents ?? []).map((o) => o.Key).sort()).toEqual(['rm-keep/d.txt', 'rmx.txt'])
    const missing = await runCli(['rm', `s3://${bucket}-absent/x`, `s3://${bucket}-absent/y`])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^ferry: bucket ".*-absent" does not exist/)
    expect((await runCli(['rm'])).code).toBe(2)
  })

  it('prints a presigned link that downloads the object, and refuses more than 7 days', async () => {
    const bytes = randomBytes(1000)
    await put('share/file.bin', bytes)
    const run = await runCli(['presign', `s3://${bucket}/share/file.bin`, '--expires', '10m'])
    expect(run.code).toBe(0)
    const response = await fetch(run.stdout.trim())
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true)
    const long = await runCli(['presign', `s3://${bucket}/share/file.bin`, '--expires', '8d'])
    expect(long.code).toBe(2)
    expect(long.stderr).toMatch(
      /^ferry: a presigned link lives at most 7 days.*Fix: Use --expires 7d or less/,
    )
    const missing = await runCli(['presign', `s3://${bucket}/share/absent.bin`])
    expect(missing.code).toBe(1)
  })

  it('lists recursively with human sizes', async () => {
    await put('ls/a/b/c.bin', Buffer.alloc(2048))
    const run = await runCli(['ls', `s3://${bucket}/ls/`, '--recursive', '--human'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/ 2\.0 KiB {2}ls\/a\/b\/c\.bin\n1 object, 2\.0 KiB\n$/)
  })
})

it('never writes a secret to --json output', async () => {
  const env = cliEnv()
  await put('secret/x.txt', 'x', { Metadata: { leak: env['AWS_SECRET_ACCESS_KEY']! } })
  const run = await runCli(['head', `s3://${bucket}/secret/x.txt`, '--json'], { env })
  expect(run.stdout).not.toContain(env['AWS_SECRET_ACCESS_KEY'])
  expect(run.stdout).toContain('[redacted]')
})
