// `ferry upload` as a person runs it: output, exit codes, and bad input refused before any request.
import {
  closeSync,
  openSync,
  ftruncateSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeMetadata } from '../../src/shared/metadata'
import { encodeMtime } from '../../src/shared/mtime-meta'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { MiB, readObject, runFerry, tempDir, writeRandomFile } from './upload-support'

/** Pids of the processes whose environment holds this exact VAR=value entry (Linux's /proc). */
function processesWithEnv(entry: string): number[] {
  const found: number[] = []
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(entry)) found.push(Number(pid))
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found
}

describe('ferry upload', () => {
  const s3 = testClient()
  const tmp = tempDir('cli')
  const stateDir = join(tmp.dir, 'state')
  let bucket: string
  let env: NodeJS.ProcessEnv

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'cli')
    const c = testConnection()
    env = {
      ...process.env,
      FERRY_STATE_DIR: stateDir,
      AWS_ENDPOINT_URL: c.endpoint,
      AWS_ACCESS_KEY_ID: c.credentials!.accessKeyId,
      AWS_SECRET_ACCESS_KEY: c.credentials!.secretAccessKey,
      AWS_REGION: c.region,
    }
  })
  afterAll(() => tmp.cleanup())

  it('uploads with --json: one line per event and a final summary per file', async () => {
    const path = join(tmp.dir, 'report.csv')
    const bytes = writeRandomFile(path, 11 * MiB + 3)
    const r = await runFerry(
      [
        'upload',
        path,
        `s3://${bucket}/reports/`,
        '--part-size',
        '5MiB',
        '--multipart-threshold',
        '5MiB',
        '--meta',
        'owner=Jürgen',
        '--meta',
        'team=ops',
        '--cache-control',
        'no-cache',
        '--json',
      ],
      env,
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(events[0]).toMatchObject({ event: 'queued', key: 'reports/report.csv', size: bytes.length })
    const summary = events.at(-1)!
    expect(summary).toMatchObject({
      event: 'summary',
      state: 'done',
      key: 'reports/report.csv',
      bytes: bytes.length,
      verified: true,
      partsUploaded: 3,
      partsReused: 0,
    })
    expect(summary['etag']).toMatch(/^[0-9a-f]{32}-3$/)
    expect((await readObject(s3, bucket, 'reports/report.csv')).equals(bytes)).toBe(true)
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'reports/report.csv' }))
    expect(head.ContentType).toBe('text/csv')
    expect(head.CacheControl).toBe('no-cache')
    // Ferry adds the file's own time as x-amz-meta-mtime.
    expect(decodeMetadata(head.Metadata)).toEqual({
      owner: 'Jürgen',
      team: 'ops',
      mtime: encodeMtime(statSync(path).mtimeMs),
    })
    // The journal of a finished transfer stays for `ferry transfers`; it holds no secret.
    const journals = readdirSync(join(stateDir, 'transfers'))
    expect(journals).toHaveLength(1)
    const journal = readFileSync(join(stateDir, 'transfers', journals[0]!), 'utf8')
    expect(journal).toContain('"uploadId"')
    expect(journal).toContain(`"endpoint":"${testConnection().endpoint}"`)
    expect(journal).not.toContain(testConnection().credentials!.secretAccessKey)
  })

  it('prints one line per file without --json, silent progress when not on a terminal', async () => {
    writeRandomFile(join(tmp.dir, 'one.txt'), 10)
    const r = await runFerry(['upload', join(tmp.dir, 'one.txt'), `s3://${bucket}/plain/one.txt`], env)
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(
      /^uploaded {2}.*one\.txt -> s3:\/\/.*\/plain\/one\.txt {2}10 B {2}1 part {2}verified \(md5\)\n$/,
    )
  })

  it('exits 1 with one line naming cause and fix when the key exists (default --if-exists fail)', async () => {
    writeRandomFile(join(tmp.dir, 'dup.txt'), 10)
    expect((await runFerry(['upload', join(tmp.dir, 'dup.txt'), `s3://${bucket}/dup.txt`], env)).code).toBe(0)
    const again = await runFerry(['upload', join(tmp.dir, 'dup.txt'), `s3://${bucket}/dup.txt`], env)
    expect(again.code).toBe(1)
    expect(again.stderr.trim().split('\n')).toHaveLength(1)
    expect(again.stderr).toMatch(/already exists\. Fix: Use --if-exists overwrite/)
  })

  it.each([
    [['--part-size', '1MiB'], /part size 1\.0 MiB is below S3's minimum of 5 MiB/],
    [['--part-size', '6GiB'], /above S3's maximum of 5 GiB/],
    [['--concurrency', '0'], /concurrency 0 is out of range/],
    [['--transfers', '0'], /--transfers "0" is not a whole number from 1 to 256/],
    [['--if-exists', 'sometimes'], /--if-exists must be fail, overwrite or skip/],
    [['--meta', 'novalue'], /--meta "novalue" is not KEY=VALUE/],
    [['--content-disposition', 'attachment; filename="naïve.txt"'], /characters a header cannot carry/],
  ])('refuses %j before any request, exit 2', async (flags, message) => {
    writeRandomFile(join(tmp.dir, 'x.txt'), 10)
    // An endpoint nothing listens on: reaching it would fail differently (exit 1, network).
    const r = await runFerry(
      [
        'upload',
        join(tmp.dir, 'x.txt'),
        `s3://${bucket}/x.txt`,
        ...flags,
        '--endpoint',
        'http://127.0.0.1:9',
      ],
      env,
    )
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.code).toBe(2)
  })

  it('refuses an explicit part size that needs more than 10,000 parts, before reading the file', async () => {
    // 60 GiB of nothing: a sparse file; at 5 MiB per part it would need 12,288 parts.
    const path = join(tmp.dir, 'huge.img')
    const fd = openSync(path, 'w')
    ftruncateSync(fd, 60 * 1024 * MiB)
    closeSync(fd)
    const r = await runFerry(
      ['upload', path, `s3://${bucket}/huge.img`, '--part-size', '5MiB', '--endpoint', 'http://127.0.0.1:9'],
      env,
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/12288 parts, over S3's 10000\. Fix: Use --part-size 7MiB or more/)
  })

  it('--max-rate holds all the files of an upload together to the rate, and refuses 0', async () => {
    const folder = join(tmp.dir, 'rated')
    mkdirSync(folder)
    for (const name of ['a', 'b', 'c', 'd']) writeRandomFile(join(folder, `${name}.bin`), MiB)
    const started = Date.now()
    const r = await runFerry(['upload', `${folder}/`, `s3://${bucket}/rated/`, '--max-rate', '1MiB/s'], env)
    expect(r.code).toBe(0)
    expect(r.stdout.match(/verified/g)).toHaveLength(4)
    // 4 MiB at 1 MiB/s: the first file goes at once, the others wait for the link, about 3 s in
    // all. A limit applied to each file alone would let all four go together, well under 1 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500)

    const zero = await runFerry(['upload', `${folder}/`, `s3://${bucket}/zero/`, '--max-rate', '0'], env)
    expect(zero.code).toBe(2)
    expect(zero.stderr).toMatch(/--max-rate "0" is not a rate\. Fix: .*leave --max-rate out for no limit/)
  })

  it('exits 2 on bad usage and on a missing source, leaving no process behind', async () => {
    expect((await runFerry(['upload', `s3://${bucket}/x`], env)).code).toBe(2)
    const missing = await runFerry(['upload', join(tmp.dir, 'nope.bin'), `s3://${bucket}/x`], env)
    expect(missing.stderr).toMatch(/nope\.bin does not exist/)
    expect(missing.code).toBe(2)
    // The engine runs in the CLI's own process (engine-launch.ts): nothing forked outlives it.
    expect(processesWithEnv(`FERRY_STATE_DIR=${stateDir}`)).toEqual([])
    writeFileSync(join(tmp.dir, 'y.txt'), 'y')
    expect((await runFerry(['upload', join(tmp.dir, 'y.txt'), 'not-a-url'], env)).code).toBe(2)
  })

  it('leaves out what --exclude names in a folder, shows it with --dry-run, and refuses to upload nothing', async () => {
    const site = join(tmp.dir, 'site')
    mkdirSync(join(site, 'node_modules', 'pkg'), { recursive: true })
    mkdirSync(join(site, 'assets'), { recursive: true })
    for (const f of [
      'index.html',
      'notes.tmp',
      'assets/logo.svg',
      'assets/.DS_Store',
      'node_modules/pkg/i.js',
    ])
      writeFileSync(join(site, f), f)
    const flags = ['--exclude', '*.tmp', '--exclude', '.DS_Store', '--exclude', 'node_modules']
    const r = await runFerry(['upload', `${site}/`, `s3://${bucket}/site/`, ...flags, '--json'], env)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'site/' }))
    expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual([
      'site/assets/logo.svg',
      'site/index.html',
    ])

    // --dry-run makes every check and no request: an endpoint nothing listens on is no matter.
    const journals = () => readdirSync(join(stateDir, 'transfers')).length
    const before = journals()
    const offline = ['--endpoint', 'http://127.0.0.1:9']
    const dry = await runFerry(
      ['upload', `${site}/`, `s3://${bucket}/dry/`, ...flags, '--dry-run', ...offline],
      env,
    )
    expect(dry.stderr).toBe('')
    expect(dry.code).toBe(0)
    expect(dry.stdout.trim().split('\n')).toEqual([
      `would upload  ${join(site, 'assets', 'logo.svg')} -> s3://${bucket}/dry/assets/logo.svg  15 B`,
      `would upload  ${join(site, 'index.html')} -> s3://${bucket}/dry/index.html  10 B`,
      'dry run: 2 files, 25 B; nothing was uploaded',
    ])
    const dryJson = await runFerry(
      ['upload', `${site}/`, `s3://${bucket}/dry/`, '--dry-run', '--json', ...offline],
      env,
    )
    expect(
      dryJson.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { event: string; key: string }),
    ).toHaveLength(5)
    expect(journals()).toBe(before)

    const none = await runFerry(['upload', `${site}/`, `s3://${bucket}/none/`, '--exclude', '*'], env)
    expect(none.stderr).toMatch(
      /the exclude patterns left out all 4 files and folders\. Fix: Loosen the patterns \(--exclude/,
    )
    expect(none.code).toBe(2)
  })
})
