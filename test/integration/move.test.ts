// `ferry mv` against radosgw: objects and prefixes moved server-side with their metadata,
// headers and tags, each copy proven before its source goes; the part-by-part copy; the
// --if-exists policy; and the moves refused before anything changes.
import { randomBytes } from 'node:crypto'
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { freshBucket, testClient } from '../support/s3'
import { expectObjects, keysUnder, seedObjects, tagsOf } from './move-support'
import { cliStateEnv, jsonLines, putMultipart, recordingClient } from './objects-support'
import { MiB, openUploads, readObject, runFerry, tempDir } from './upload-support'

const s3 = testClient()
const tmp = tempDir('mv')
afterAll(() => tmp.cleanup())
const env = (label: string) => cliStateEnv(join(tmp.dir, label))

describe('ferry mv', () => {
  it('renames a folder: every object at its new key with its metadata, headers and tags; the old keys gone', async () => {
    const bucket = await freshBucket(s3, 'mv')
    const expected = await seedObjects(s3, bucket, 'photos/', 40)
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'photos/cat.jpg',
        Body: 'meow',
        ContentType: 'image/jpeg',
        CacheControl: 'max-age=60',
        Metadata: { owner: 'ops' },
        Tagging: 'team=blue&keep=yes',
      }),
    )
    expected.set('cat.jpg', Buffer.from('meow'))
    const run = await runFerry(
      ['mv', `s3://${bucket}/photos/`, `s3://${bucket}/pictures/`, '--json'],
      env('rename'),
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const summary = jsonLines(run.stdout).find((e) => e['event'] === 'summary')
    expect(summary).toMatchObject({ objects: 41, skipped: 0, failed: 0 })
    await expectObjects(s3, bucket, 'pictures/', expected)
    expect(await keysUnder(s3, bucket, 'photos/')).toEqual([])
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'pictures/cat.jpg' }))
    expect(head).toMatchObject({
      ContentType: 'image/jpeg',
      CacheControl: 'max-age=60',
      Metadata: { owner: 'ops' },
    })
    expect(await tagsOf(s3, bucket, 'pictures/cat.jpg')).toEqual({ team: 'blue', keep: 'yes' })
  })

  it('moves one object into a folder of another bucket, keeping its name', async () => {
    const bucket = await freshBucket(s3, 'mv1')
    const other = await freshBucket(s3, 'mv1o')
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'a/report.pdf', Body: 'pdf' }))
    const run = await runFerry(['mv', `s3://${bucket}/a/report.pdf`, `s3://${other}/2024/`], env('one'))
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`moved s3://${bucket}/a/report.pdf -> s3://${other}/2024/report.pdf`)
    expect((await readObject(s3, other, '2024/report.pdf')).toString()).toBe('pdf')
    expect(await keysUnder(s3, bucket, '')).toEqual([])
  })

  it('copies above the threshold part by part, tags kept, the copy proven by its parts, no upload left open', async () => {
    const bucket = await freshBucket(s3, 'mvmp')
    const bytes = randomBytes(12 * MiB + 5)
    // A multipart source (its ETag is not an MD5 of the bytes), with tags set after.
    await putMultipart(s3, bucket, 'big/data.bin', bytes, 5 * MiB, { Metadata: { kind: 'big' } })
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'big/small.txt', Body: 'small', Tagging: 'a=1' }),
    )
    const { PutObjectTaggingCommand } = await import('@aws-sdk/client-s3')
    await s3.send(
      new PutObjectTaggingCommand({
        Bucket: bucket,
        Key: 'big/data.bin',
        Tagging: { TagSet: [{ Key: 'tier', Value: 'gold' }] },
      }),
    )
    const run = await runFerry(
      [
        'mv',
        `s3://${bucket}/big/`,
        `s3://${bucket}/moved/`,
        '--multipart-threshold',
        '8MiB',
        '--part-size',
        '5MiB',
        '--json',
      ],
      env('mp'),
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const big = jsonLines(run.stdout).find(
      (e) => e['event'] === 'done' && String(e['source']).endsWith('data.bin'),
    )
    expect(big?.['how']).toMatch(/parts copied|ETag equals/)
    expect((await readObject(s3, bucket, 'moved/data.bin')).equals(bytes)).toBe(true)
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'moved/data.bin' }))
    expect(head.ETag).toMatch(/-3"$/)
    expect(head.Metadata).toEqual({ kind: 'big' })
    expect(await tagsOf(s3, bucket, 'moved/data.bin')).toEqual({ tier: 'gold' })
    expect(await tagsOf(s3, bucket, 'moved/small.txt')).toEqual({ a: '1' })
    expect(await openUploads(s3, bucket)).toEqual([])
    expect(await keysUnder(s3, bucket, 'big/')).toEqual([])
  })

  it('UploadPartCopy is what copies above the threshold', async () => {
    const bucket = await freshBucket(s3, 'mvrq')
    await putMultipart(s3, bucket, 'x.bin', randomBytes(11 * MiB), 6 * MiB)
    const { client, sent } = recordingClient()
    const { copyObject } = await import('../../src/main/core/objects/copy')
    const out = await copyObject(
      client,
      { bucket, key: 'x.bin' },
      { bucket, key: 'y.bin' },
      {
        multipartThreshold: 8 * MiB,
        partSize: 5 * MiB,
      },
    )
    expect(out).toMatchObject({ method: 'multipart-copy', parts: 3, proof: { ok: true } })
    expect(sent.filter((s) => s.command === 'UploadPartCopyCommand')).toHaveLength(3)
    expect(sent.map((s) => s.command)).not.toContain('CopyObjectCommand')
  })

  it('--if-exists: fail names the object and moves nothing of it; skip leaves both; overwrite replaces', async () => {
    const bucket = await freshBucket(s3, 'mvif')
    for (const k of ['a', 'b'])
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `src/${k}`, Body: `new ${k}` }))
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'dst/a', Body: 'old a' }))

    const fail = await runFerry(['mv', `s3://${bucket}/src/`, `s3://${bucket}/dst/`], env('iffail'))
    expect(fail.code).toBe(1)
    expect(fail.stderr).toContain(
      `s3://${bucket}/dst/a already exists, so s3://${bucket}/src/a was not moved`,
    )
    expect(fail.stderr).toContain('--if-exists overwrite')
    expect((await readObject(s3, bucket, 'src/a')).toString()).toBe('new a')
    expect((await readObject(s3, bucket, 'dst/a')).toString()).toBe('old a')
    expect((await readObject(s3, bucket, 'dst/b')).toString()).toBe('new b')

    const skip = await runFerry(
      ['mv', `s3://${bucket}/src/`, `s3://${bucket}/dst/`, '--if-exists', 'skip'],
      env('ifskip'),
    )
    expect(skip.code).toBe(0)
    expect(skip.stdout).toContain('skipped')
    expect((await readObject(s3, bucket, 'src/a')).toString()).toBe('new a')

    const over = await runFerry(
      ['mv', `s3://${bucket}/src/`, `s3://${bucket}/dst/`, '--if-exists', 'overwrite'],
      env('ifover'),
    )
    expect(over.code).toBe(0)
    expect((await readObject(s3, bucket, 'dst/a')).toString()).toBe('new a')
    expect(await keysUnder(s3, bucket, 'src/')).toEqual([])
  })

  it('refuses a folder into itself, a missing source and a folder named without "/", before anything changes', async () => {
    const bucket = await freshBucket(s3, 'mvbad')
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'a/x', Body: 'x' }))
    const into = await runFerry(['mv', `s3://${bucket}/a/`, `s3://${bucket}/a/b/`], env('bad'))
    expect(into.code).toBe(2)
    expect(into.stderr).toMatch(
      /^ferry: cannot move s3:\/\/\S+\/a\/ into itself .*Fix: Choose a destination outside the folder/,
    )
    const folder = await runFerry(['mv', `s3://${bucket}/a`, `s3://${bucket}/c/`], env('bad'))
    expect(folder.code).toBe(2)
    expect(folder.stderr).toContain(`End it with "/" to act on the whole folder: s3://${bucket}/a/`)
    const missing = await runFerry(['mv', `s3://${bucket}/nothing/`, `s3://${bucket}/c/`], env('bad'))
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain(`there are no objects under s3://${bucket}/nothing/`)
    expect(await keysUnder(s3, bucket, '')).toEqual(['a/x'])
  })

  it('stops at a destination bucket that does not exist, with every source kept', async () => {
    const bucket = await freshBucket(s3, 'mvnb')
    const expected = await seedObjects(s3, bucket, 'p/', 5)
    const run = await runFerry(['mv', `s3://${bucket}/p/`, `s3://${bucket}-absent/p/`], env('nobucket'))
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/bucket/)
    await expectObjects(s3, bucket, 'p/', expected)
  })
})
