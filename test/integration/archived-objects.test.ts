// Archived objects (GLACIER, DEEP_ARCHIVE, Intelligent-Tiering archive tiers) against the
// project's stub, which answers as AWS documents (radosgw has no archive tier): a download
// says the object is archived and names the restore, instead of "access denied"; ferry
// restore starts one, head follows it, and once restored the download is verified.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createS3Client } from '../../src/main/s3/client-factory'
import { toFerryError } from '../../src/main/s3/s3-errors'
import { listObjectsPage } from '../../src/main/core/objects/list'
import { startStub, type StubServer } from '../support/stub-s3'
import { cliEnv, jsonLines, runCli } from './objects-support'

// Long enough for the steps before completion to run on a loaded machine (each CLI run takes up to a second or so).
const RESTORE_MS = 8000
const ERROR_LINE = /^ferry: .+\. Fix: .+\n$/
const dir = mkdtempSync(join(tmpdir(), 'ferry-archived-'))
const bucket = 'archive-bucket'
let stub: StubServer
let client: S3Client
let env: NodeJS.ProcessEnv

const ferry = (...args: string[]) => runCli(args, { env })

beforeAll(async () => {
  stub = await startStub(['--restore-ms', String(RESTORE_MS)])
  client = createS3Client(stub.connection)
  env = cliEnv({
    AWS_ENDPOINT_URL: stub.endpoint,
    AWS_ACCESS_KEY_ID: 'STUBACCESSKEY',
    AWS_SECRET_ACCESS_KEY: 'stub-secret',
    FERRY_STATE_DIR: join(dir, 'state'),
  })
  await client.send(new CreateBucketCommand({ Bucket: bucket }))
  const put = (Key: string, StorageClass: 'GLACIER' | 'DEEP_ARCHIVE' | 'STANDARD', Body: string) =>
    client.send(new PutObjectCommand({ Bucket: bucket, Key, Body, StorageClass }))
  await put('cold/2019.tar', 'GLACIER', 'the bytes of 2019')
  await put('cold/deep.tar', 'DEEP_ARCHIVE', 'deep bytes')
  await put('warm.txt', 'STANDARD', 'warm')
})

afterAll(async () => {
  client?.destroy()
  await stub?.stop()
})

describe('archived objects', () => {
  it('are listed with their storage class and shown as archived by head', async () => {
    const page = await listObjectsPage(client, { bucket, prefix: 'cold/' })
    expect(page.entries.map((e) => (e.kind === 'object' ? [e.key, e.storageClass] : []))).toEqual([
      ['cold/2019.tar', 'GLACIER'],
      ['cold/deep.tar', 'DEEP_ARCHIVE'],
    ])
    const head = await ferry('head', `s3://${bucket}/cold/2019.tar`)
    expect(head.stdout).toContain('storage-class: GLACIER\n')
    expect(head.stdout).toContain('archive: archived: restore it before downloading\n')
    const json = jsonLines((await ferry('head', `s3://${bucket}/cold/2019.tar`, '--json')).stdout)[0]
    expect(json).toMatchObject({ storageClass: 'GLACIER', archive: { kind: 'archived' } })
  })

  it('a GET of an archived object is InvalidObjectState, read as archived and not as access denied', async () => {
    const error = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'cold/2019.tar' })).then(
      () => undefined,
      (e: unknown) => toFerryError(e, { bucket, key: 'cold/2019.tar' }),
    )
    expect(error?.code).toBe('object-archived')
    expect(error?.message).toBe(
      `s3://${bucket}/cold/2019.tar is archived and must be restored before it can be read`,
    )
    expect(error?.fix).toContain(`ferry restore s3://${bucket}/cold/2019.tar`)
  })

  it('a download says the object is archived and names the restore; nothing is written', async () => {
    const target = join(dir, '2019.tar')
    const run = await ferry('get', `s3://${bucket}/cold/2019.tar`, target)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(ERROR_LINE)
    expect(run.stderr).toContain('is archived and must be restored before it can be read')
    expect(run.stderr).toContain(`ferry restore s3://${bucket}/cold/2019.tar --days 7`)
    expect(run.stderr).not.toContain('access denied')
    expect(existsSync(target)).toBe(false)
    expect(existsSync(`${target}.ferry-partial`)).toBe(false)
  })

  it('restore starts, head and get follow it, and the restored copy downloads verified', async () => {
    const started = await ferry('restore', `s3://${bucket}/cold/2019.tar`, '--days', '2', '--tier', 'bulk')
    expect(started.stderr).toBe('')
    expect(started.stdout).toBe(`s3://${bucket}/cold/2019.tar: restore started\n`)
    const again = await ferry('restore', `s3://${bucket}/cold/2019.tar`, '--json')
    expect(jsonLines(again.stdout)[0]).toMatchObject({ status: 'in-progress' })
    expect((await ferry('head', `s3://${bucket}/cold/2019.tar`)).stdout).toContain(
      'archive: archived: restore in progress\n',
    )
    const early = await ferry('get', `s3://${bucket}/cold/2019.tar`, join(dir, 'early.tar'))
    expect(early.code).toBe(1)
    expect(early.stderr).toContain('its restore is still in progress')

    let head: Record<string, unknown> = {}
    await expect
      .poll(
        async () => {
          head = jsonLines((await ferry('head', `s3://${bucket}/cold/2019.tar`, '--json')).stdout)[0]!
          return (head['archive'] as { kind: string }).kind
        },
        { timeout: RESTORE_MS * 3, interval: 500 },
      )
      .toBe('restored')
    const archive = head['archive'] as { kind: string; expires: string }
    expect(archive.kind).toBe('restored')
    // Two days, rounded up to midnight UTC as AWS does.
    const days = (Date.parse(archive.expires) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(2)
    expect(days).toBeLessThanOrEqual(3)
    expect(archive.expires).toMatch(/T00:00:00\.000Z$/)

    const target = join(dir, 'restored.tar')
    const got = await ferry('get', `s3://${bucket}/cold/2019.tar`, target)
    expect(got.stderr).toBe('')
    expect(got.stdout).toContain('verified')
    expect(readFileSync(target, 'utf8')).toBe('the bytes of 2019')
    // Restoring a restored copy again only resets its days.
    expect((await ferry('restore', `s3://${bucket}/cold/2019.tar`)).stdout).toContain('already restored')
  })

  it('refuses bad input: an object that is not archived, bad days, a bad tier', async () => {
    const warm = await ferry('restore', `s3://${bucket}/warm.txt`)
    expect(warm.code).toBe(2)
    expect(warm.stderr).toContain('is not archived (storage class STANDARD); it can be downloaded as it is')
    const days = await ferry('restore', `s3://${bucket}/cold/deep.tar`, '--days', '0')
    expect(days.code).toBe(2)
    expect(days.stderr).toContain('0 is not a number of days')
    const tier = await ferry('restore', `s3://${bucket}/cold/deep.tar`, '--tier', 'Fast')
    expect(tier.code).toBe(2)
    expect(tier.stderr).toContain('--tier "Fast" is not Standard, Bulk or Expedited')
  })
})
