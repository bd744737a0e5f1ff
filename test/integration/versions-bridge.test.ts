// The app's versions and buckets through the bridge's real handlers, against radosgw: a page of
// versions for one folder, and a version id the object does not have refused by restore,
// delete and download alike with the same clear error, nothing changed and no folder asked for;
// a bucket name that breaks a rule refused with the reason before any request.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ListBucketsCommand, ListObjectVersionsCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import type { VersionsPageValue } from '../../src/shared/bridge/bucket-contract'
import type { ConnectionSummary } from '../../src/shared/domain/connection'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { enginePath } from './upload-support'

const s3 = testClient()
let stateDir: string
let main: HeadlessMain
let connectionId: string
let bucket: string
const ids: string[] = []

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'ferry-versions-bridge-'))
  main = createHeadlessMain({ stateDir, enginePath })
  const c = testConnection()
  const saved = await main.dispatch('connections:save', {
    name: 'rgw',
    endpoint: c.endpoint,
    region: c.region,
    pathStyle: true,
    accessKeyId: c.credentials!.accessKeyId,
    secretAccessKey: c.credentials!.secretAccessKey,
  })
  if (!saved.ok) throw new Error(saved.error.message)
  connectionId = (saved.value as ConnectionSummary).id
  bucket = await freshBucket(s3, 'versions-bridge')
  expect(await main.dispatch('buckets:set-versioning', { connectionId, bucket, on: true })).toEqual({
    ok: true,
    value: 'enabled',
  })
  for (const body of ['one', 'two'])
    ids.push(
      (await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'dir/a.txt', Body: body }))).VersionId!,
    )
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'top.txt', Body: 'top' }))
})

afterAll(async () => {
  await main?.close()
  rmSync(stateDir, { recursive: true, force: true })
})

const versionsOf = async (key: string) =>
  ((await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }))).Versions ?? []).map(
    (v) => v.VersionId,
  )

describe('versions through the bridge', () => {
  it('lists one folder level: its objects` versions, newest first, and its folders', async () => {
    const top = await main.dispatch('versions:list', { connectionId, bucket })
    expect(top).toMatchObject({ ok: true, value: { folders: ['dir/'] } })
    if (!top.ok) return
    expect((top.value as VersionsPageValue).versions.map((v) => v.key)).toEqual(['top.txt'])
    const dir = await main.dispatch('versions:list', { connectionId, bucket, prefix: 'dir/' })
    if (!dir.ok) throw new Error(dir.error.message)
    expect((dir.value as VersionsPageValue).versions.map((v) => [v.versionId, v.latest, v.size])).toEqual([
      [ids[1], true, 3],
      [ids[0], false, 3],
    ])
  })

  it('refuses a version id the object does not have, for restore, delete and download alike', async () => {
    const ref = { connectionId, bucket, key: 'dir/a.txt', versionId: 'no-such-version' }
    for (const channel of ['versions:restore', 'versions:delete', 'versions:download'] as const) {
      const answer = await main.dispatch(channel, ref)
      expect(answer, channel).toMatchObject({
        ok: false,
        error: {
          code: 'version-missing',
          message: `s3://${bucket}/dir/a.txt has no version "no-such-version"`,
          fix: expect.stringContaining('ferry ls --versions'),
        },
      })
    }
    // Nothing written, nothing deleted, and no folder was asked for.
    expect(await versionsOf('dir/a.txt')).toEqual([ids[1], ids[0]])
    expect(main.desktop.pickRequests).toEqual([])
  })
})

describe('buckets through the bridge', () => {
  it('refuses a name that breaks a rule with the reason, before any request', async () => {
    const answer = await main.dispatch('buckets:create', { connectionId, bucket: 'Logs_2024' })
    expect(answer).toMatchObject({
      ok: false,
      error: {
        code: 'bad-input',
        message: '"Logs_2024" cannot be a bucket name: a bucket name has no capital letters ("L")',
      },
    })
    // Other test files create buckets meanwhile: look for this name, not at the count.
    const names = ((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name)
    expect(names).not.toContain('Logs_2024')
    expect(names).not.toContain('logs_2024')
  })

  it('refuses to delete a bucket that is not empty, with what it holds; empty deletes it', async () => {
    const refused = await main.dispatch('buckets:delete', { connectionId, bucket })
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'bucket-not-empty',
        message: `bucket "${bucket}" is not empty: it holds 3 objects or versions`,
      },
    })
    expect(await main.dispatch('buckets:delete', { connectionId, bucket, empty: true })).toEqual({
      ok: true,
      value: { bucket, versionsDeleted: 3, uploadsAborted: 0 },
    })
  })
})
