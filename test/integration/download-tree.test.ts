// `ferry get s3://BUCKET/PREFIX/ DIR` against radosgw, through the built CLI: whole prefixes
// byte for byte, filters, --dry-run, hostile keys, access denied on some objects, bad targets
// and a full disk. kill -9 mid-way is in download-tree-kill.test.ts.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { PutBucketPolicyCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshBucket } from '../support/s3'
import { cliEnv, expectSameTree, filesIn, put, s3, summaryOf } from './download-tree-support'
import { jsonLines, putMultipart } from './objects-support'
import { MiB, runFerry, tempDir } from './upload-support'

const tmp = tempDir('gettree')

/** The objects under mix/deep/, below that prefix. */
const DEEP = ['f0', 'f3', 'f6', 'f9'].map((n) => join('er', `${n}.txt`))

afterAll(() => tmp.cleanup())

describe('ferry get of a prefix', () => {
  let bucket: string
  const expected = new Map<string, Buffer>()
  const env = cliEnv(join(tmp.dir, 'state'))

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'gettree')
    for (let i = 0; i < 12; i++) {
      const bytes = randomBytes(1 + i * 997)
      const path = i % 3 === 0 ? `deep/er/f${i}.txt` : `f${i}.txt`
      await put(bucket, `mix/${path}`, bytes)
      expected.set(path, bytes)
    }
    const big = randomBytes(13 * MiB + 7)
    await put(bucket, 'mix/big-single.bin', big)
    expected.set('big-single.bin', big)
    const multi = randomBytes(11 * MiB + 3)
    await putMultipart(s3, bucket, 'mix/big-multi.bin', multi, 5 * MiB)
    expected.set('big-multi.bin', multi)
    await put(bucket, 'mix/dated.txt', 'kept its time', { mtime: '1600000000.250000000' })
    expected.set('dated.txt', Buffer.from('kept its time'))
    await put(bucket, 'mix/skip.log', 'a log')
    expected.set('skip.log', Buffer.from('a log'))
    await put(bucket, 'mix/cache/c.bin', 'cached')
    expected.set(join('cache', 'c.bin'), Buffer.from('cached'))
    await put(bucket, 'other/x.txt', 'not under the prefix')
  })

  it('downloads every object under the prefix byte for byte, keeping the structure below it', async () => {
    const dir = join(tmp.dir, 'mix')
    const run = await runFerry(
      ['get', `s3://${bucket}/mix/`, dir, '--part-size', '5MiB', '--transfers', '4', '--json'],
      env,
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expectSameTree(dir, expected)
    const summary = summaryOf(run.stdout)
    expect(summary).toMatchObject({ files: expected.size, failed: 0, rejected: 0, skipped: 0 })
    expect(summary['bytes']).toBe([...expected.values()].reduce((n, b) => n + b.length, 0))
    const done = jsonLines(run.stdout).filter((e) => e['event'] === 'done')
    expect(done).toHaveLength(expected.size)
    expect(done.every((e) => e['verified'] === true)).toBe(true)
    // x-amz-meta-mtime gives the file its own time back.
    expect(statSync(join(dir, 'dated.txt')).mtimeMs).toBe(1_600_000_000_250)

    // Again: every file exists, and --if-exists fail (the default) says so for each.
    const again = await runFerry(['get', `s3://${bucket}/mix/`, dir, '--json'], env)
    expect(again.code).toBe(1)
    expect(summaryOf(again.stdout)).toMatchObject({ files: 0, failed: expected.size })
    const skip = await runFerry(['get', `s3://${bucket}/mix/`, dir, '--if-exists', 'skip', '--json'], env)
    expect(skip.code).toBe(0)
    expect(summaryOf(skip.stdout)).toMatchObject({ files: 0, skipped: expected.size, failed: 0 })
  })

  it('--recursive reads a source without the slash as the prefix', async () => {
    const dir = join(tmp.dir, 'recursive')
    const run = await runFerry(['get', '-r', `s3://${bucket}/mix/deep`, dir, '--json'], env)
    expect(run.code).toBe(0)
    expect([...filesIn(dir).keys()].sort()).toEqual(DEEP)
  })

  it('--exclude and --include pick the keys, as a .gitignore line reads', async () => {
    const dir = join(tmp.dir, 'filtered')
    const run = await runFerry(
      [
        'get',
        `s3://${bucket}/mix/`,
        dir,
        '--exclude',
        '*.txt',
        '--exclude',
        'cache/',
        '--include',
        'f1*.txt',
        '--json',
      ],
      env,
    )
    expect(run.code).toBe(0)
    expect([...filesIn(dir).keys()].sort()).toEqual([
      'big-multi.bin',
      'big-single.bin',
      'f1.txt',
      'f10.txt',
      'f11.txt',
      'skip.log',
    ])
    expect(summaryOf(run.stdout)).toMatchObject({ files: 6, excluded: expected.size - 6 })
  })

  it('several sources: prefixes and single objects into one folder', async () => {
    const dir = join(tmp.dir, 'several')
    const run = await runFerry(
      [
        'get',
        `s3://${bucket}/mix/deep/`,
        `s3://${bucket}/other/x.txt`,
        `s3://${bucket}/mix/f1.txt`,
        dir,
        '--json',
      ],
      env,
    )
    expect(run.code).toBe(0)
    expect([...filesIn(dir).keys()].sort()).toEqual([...DEEP, 'f1.txt', 'x.txt'])
  })

  it('--dry-run lists what would go where and writes nothing', async () => {
    const dir = join(tmp.dir, 'dry')
    const state = join(tmp.dir, 'dry-state')
    const run = await runFerry(['get', `s3://${bucket}/mix/`, dir, '--dry-run', '--json'], cliEnv(state))
    expect(run.code).toBe(0)
    const planned = jsonLines(run.stdout).filter((e) => e['event'] === 'plan')
    expect(planned.map((e) => relative(dir, e['path'] as string)).sort()).toEqual([...expected.keys()].sort())
    expect(summaryOf(run.stdout)).toMatchObject({ dryRun: true, files: expected.size })
    expect(existsSync(dir)).toBe(false)
    expect(existsSync(join(state, 'transfers'))).toBe(false)
    const text = await runFerry(['get', `s3://${bucket}/mix/`, dir, '--dry-run'], cliEnv(state))
    expect(text.stdout).toContain(`would write s3://${bucket}/mix/dated.txt -> `)
    expect(existsSync(dir)).toBe(false)
  })
})

describe('hostile keys', () => {
  it('refuses each with an error naming the key, downloads the rest, writes nothing outside the folder', async () => {
    const bucket = await freshBucket(s3, 'hostile')
    const hostile: Record<string, RegExp> = {
      'h/../escape.txt': /has a "\." or "\.\." name/,
      'h/a/../../up.txt': /has a "\." or "\.\." name/,
      'h/./dot.txt': /has a "\." or "\.\." name/,
      'h//double.txt': /an empty name between two slashes/,
      [`h/${'n'.repeat(300)}`]: /a name over 255 bytes/,
      'h/both': /is an object and also the folder/,
    }
    for (const key of Object.keys(hostile)) await put(bucket, key, `hostile ${key}`)
    await put(bucket, 'h/both/inner.txt', 'inner')
    await put(bucket, 'h/ok.txt', 'fine')
    // A NUL in a key: radosgw refuses the PUT itself (an XML error), so the mapping's unit test covers it.
    const outer = join(tmp.dir, 'hostile')
    const dir = join(outer, 'in', 'target')
    const run = await runFerry(['get', `s3://${bucket}/h/`, dir, '--json'], cliEnv(join(tmp.dir, 'state')))
    expect(run.code).toBe(1)
    const rejected = jsonLines(run.stdout).filter((e) => e['event'] === 'rejected')
    expect(rejected.map((e) => e['key']).sort()).toEqual(Object.keys(hostile).sort())
    for (const r of rejected) {
      const error = r['error'] as { code: string; message: string; fix: string }
      expect(error.message).toMatch(hostile[r['key'] as string]!)
      expect(error.message).toContain(JSON.stringify(r['key']))
      expect(error.fix).toMatch(/ferry get|ferry cp/)
    }
    expect(summaryOf(run.stdout)).toMatchObject({ files: 2, rejected: 6, failed: 0 })
    expect([...filesIn(outer).keys()].sort()).toEqual([
      join('in', 'target', 'both', 'inner.txt'),
      join('in', 'target', 'ok.txt'),
    ])
    expect(existsSync(join(tmp.dir, 'escape.txt')) || existsSync(join(outer, 'in', 'escape.txt'))).toBe(false)

    // An absolute key at the bucket's root.
    const rootBucket = await freshBucket(s3, 'absolute')
    await put(rootBucket, '/etc-passwd', 'absolute')
    await put(rootBucket, 'plain.txt', 'plain')
    const rootDir = join(tmp.dir, 'absolute')
    const abs = await runFerry(['get', `s3://${rootBucket}/`, rootDir], cliEnv(join(tmp.dir, 'state')))
    expect(abs.code).toBe(1)
    expect(abs.stderr).toMatch(/the key "\/etc-passwd" is an absolute path.*Fix: /)
    expect([...filesIn(rootDir).keys()]).toEqual(['plain.txt'])
  })
})

describe('bad input', () => {
  let bucket: string
  const env = cliEnv(join(tmp.dir, 'state'))
  beforeAll(async () => {
    bucket = await freshBucket(s3, 'getbad')
    await put(bucket, 'p/a.txt', 'a')
  })

  it('a file where the folder should be', async () => {
    const file = join(tmp.dir, 'a-file')
    writeFileSync(file, 'mine')
    const run = await runFerry(['get', `s3://${bucket}/p/`, file], env)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/is a file, and a folder is needed to download into\. Fix: Name a folder/)
    expect(readFileSync(file, 'utf8')).toBe('mine')
  })

  it('an object where the folder should be named', async () => {
    const run = await runFerry(['get', `s3://${bucket}/p/a.txt`, `s3://${bucket}/p/b.txt`], env)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/the last argument, s3:\/\/.*\/p\/b\.txt, must be a local file or folder/)
  })

  it('a prefix with nothing under it, and a bucket that does not exist', async () => {
    const empty = await runFerry(['get', `s3://${bucket}/nothing/`, join(tmp.dir, 'empty')], env)
    expect(empty.code).toBe(1)
    expect(empty.stderr).toMatch(
      /nothing is stored under s3:\/\/.*\/nothing\/\. Fix: Check the prefix with ferry ls/,
    )
    const missing = await runFerry(['get', `s3://${bucket}-missing/p/`, join(tmp.dir, 'missing')], env)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/bucket ".*-missing" does not exist/)
  })

  it('a read-only folder (as an unprivileged user when the test runs as root)', async () => {
    const locked = join(tmp.dir, 'locked')
    mkdirSync(locked, { mode: 0o555 })
    chmodSync(locked, 0o555)
    const state = join(tmp.dir, 'nobody-state')
    mkdirSync(state, { recursive: true, mode: 0o777 })
    chmodSync(state, 0o777)
    chmodSync(tmp.dir, 0o755)
    const asRoot = process.getuid?.() === 0
    const run = await runFerry(
      ['get', `s3://${bucket}/p/`, locked],
      { ...env, HOME: state, FERRY_STATE_DIR: state },
      asRoot ? { uid: 65534, gid: 65534 } : {},
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /cannot write into .*locked \(EACCES\)\. Fix: Choose a folder you can write to/,
    )
    expect(readdirSync(locked)).toEqual([])
  })

  it('access denied on some objects: those fail, the rest arrive, the summary counts them', async () => {
    const b = await freshBucket(s3, 'getdenied')
    await put(b, 'p/open-1.txt', 'one')
    await put(b, 'p/denied/secret-1.txt', 'no')
    await put(b, 'p/denied/secret-2.txt', 'no')
    await put(b, 'p/open-2.txt', 'two')
    // An explicit Deny binds the bucket's owner too: radosgw itself answers AccessDenied.
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: b,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: ['s3:GetObject'],
              Resource: [`arn:aws:s3:::${b}/p/denied/*`],
            },
          ],
        }),
      }),
    )
    const dir = join(tmp.dir, 'denied')
    const run = await runFerry(['get', `s3://${b}/p/`, dir, '--json'], env)
    expect(run.code).toBe(1)
    const failed = jsonLines(run.stdout).filter((e) => e['event'] === 'failed')
    expect(failed.map((e) => e['key']).sort()).toEqual(['p/denied/secret-1.txt', 'p/denied/secret-2.txt'])
    for (const f of failed) expect((f['error'] as { code: string }).code).toBe('access-denied')
    expect(summaryOf(run.stdout)).toMatchObject({ files: 2, failed: 2 })
    expect([...filesIn(dir).keys()].sort()).toEqual(['open-1.txt', 'open-2.txt'])
  })
})

// Needs a small file system of its own: a tmpfs, which root can mount.
describe.skipIf(process.getuid?.() !== 0)('a full disk (tmpfs; needs root)', () => {
  const small = join(tmp.dir, 'small-disk')
  beforeAll(() => {
    mkdirSync(small, { recursive: true })
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=20m', 'tmpfs', small])
  })
  afterAll(() => {
    execFileSync('umount', [small])
  })

  it('stops with a clear error and the journal intact; once there is room, the same command finishes', async () => {
    const bucket = await freshBucket(s3, 'getfull')
    const expected = new Map<string, Buffer>()
    for (const [name, size] of [
      ['a.bin', 8 * MiB],
      ['b.bin', 8 * MiB],
      ['c.bin', 10 * MiB],
    ] as const) {
      const bytes = randomBytes(size)
      await put(bucket, `p/${name}`, bytes)
      expected.set(name, bytes)
    }
    const env = cliEnv(join(tmp.dir, 'full-state'))
    const dir = join(small, 'into')
    const args = ['get', `s3://${bucket}/p/`, dir, '--transfers', '1', '--json']
    const full = await runFerry(args, env)
    expect(full.code).toBe(1)
    expect(full.stderr).toMatch(
      /the disk holding .* is full \(.* more needed\).*Fix: Free at least .* then run the same command again/,
    )
    expect(summaryOf(full.stdout)).toMatchObject({ files: 2, interrupted: true })
    // Two of the three fit (which two depends on the order the files were fetched in): each
    // whole and exact, and nothing else on the disk, not even a partial file of the third.
    const written = filesIn(dir)
    expect(written.size).toBe(2)
    for (const [name, bytes] of written)
      expect(bytes.equals(expected.get(name) ?? Buffer.alloc(0))).toBe(true)

    execFileSync('mount', ['-o', 'remount,size=64m', small])
    const again = await runFerry(args, env)
    expect(again.stderr).toBe('')
    expect(again.code).toBe(0)
    expect(summaryOf(again.stdout)).toMatchObject({ files: 1, skipped: 2, failed: 0 })
    expectSameTree(dir, expected)
  })
})
