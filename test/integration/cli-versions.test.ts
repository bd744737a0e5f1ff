// Versions on the command line against radosgw: ls --versions, and --version-id on head,
// get, cp (restoring an earlier version over the latest, with its metadata) and rm; an id
// the object does not have is a clear error everywhere, and nothing is written for it.
import { mkdtempSync, readFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { beforeAll, describe, expect, it } from 'vitest'
import { freshBucket, testClient } from '../support/s3'
import { jsonLines, runCli } from './objects-support'

const client = testClient()
const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-versions-'))
const ERROR_LINE = /^ferry: .+\. Fix: .+\n$/
let bucket: string
/** Oldest first: v1 (owner=alice), v2 (owner=bob), then a delete marker. */
const ids: string[] = []
let marker = ''

async function versions(prefix = ''): Promise<Record<string, unknown>[]> {
  const run = await runCli(['ls', '--versions', `s3://${bucket}/${prefix}`, '--json'])
  expect(run.code).toBe(0)
  return jsonLines(run.stdout)
}

beforeAll(async () => {
  bucket = await freshBucket(client, 'cli-versions')
  expect((await runCli(['versioning', `s3://${bucket}`, 'on'])).code).toBe(0)
  for (const [body, owner] of [
    ['first version', 'alice'],
    ['the second one', 'bob'],
  ] as const) {
    const out = await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'doc.txt', Body: body, Metadata: { owner } }),
    )
    ids.push(out.VersionId!)
  }
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'doc.txt.bak', Body: 'other key' }))
  expect((await runCli(['rm', `s3://${bucket}/doc.txt`])).code).toBe(0)
  marker = String((await versions('doc.txt')).find((v) => v['kind'] === 'delete-marker')?.['versionId'])
})

describe('ferry ls --versions', () => {
  it('lists every version and delete marker, newest first, with size, ETag and which is latest', async () => {
    const listed = (await versions('doc.txt')).filter((v) => v['key'] === 'doc.txt')
    expect(listed.map((v) => [v['kind'], v['latest'], v['size']])).toEqual([
      ['delete-marker', true, 0],
      ['version', false, 14],
      ['version', false, 13],
    ])
    expect(listed.slice(1).map((v) => v['versionId'])).toEqual([ids[1], ids[0]])
    expect(listed[1]!['etag']).toMatch(/^[0-9a-f]{32}$/)
    const human = await runCli(['ls', '--versions', `s3://${bucket}/doc.txt`])
    expect(human.stdout).toMatch(
      new RegExp(`DEL  doc\\.txt  version ${marker}  \\(latest, delete-marker\\)\\n`),
    )
    expect(human.stdout).toContain(`doc.txt  version ${ids[0]}  etag `)
    expect(human.stdout).toContain('doc.txt.bak')
  })
})

describe('--version-id', () => {
  it('head and get read an earlier version, even under a delete marker', async () => {
    const head = await runCli(['head', `s3://${bucket}/doc.txt`, '--version-id', ids[0]!, '--json'])
    expect(head.code).toBe(0)
    expect(jsonLines(head.stdout)[0]).toMatchObject({
      size: 13,
      versionId: ids[0],
      metadata: { owner: 'alice' },
    })
    const target = join(dir, 'v1.txt')
    const got = await runCli(['get', `s3://${bucket}/doc.txt`, target, '--version-id', ids[0]!])
    expect(got.code).toBe(0)
    expect(got.stdout).toContain('verified')
    expect(readFileSync(target, 'utf8')).toBe('first version')
  })

  it('an id the object does not have is one clear error, and nothing is written', async () => {
    for (const args of [
      ['head', `s3://${bucket}/doc.txt`],
      ['get', `s3://${bucket}/doc.txt`, join(dir, 'never.txt')],
      ['cp', `s3://${bucket}/doc.txt`, `s3://${bucket}/copy.txt`],
      ['rm', `s3://${bucket}/doc.txt`],
    ]) {
      const run = await runCli([...args, '--version-id', 'no-such-version'])
      expect(run.code, args[0]).toBe(1)
      expect(run.stderr).toMatch(ERROR_LINE)
      expect(run.stderr).toContain(`s3://${bucket}/doc.txt has no version "no-such-version"`)
      expect(run.stderr).toContain('ferry ls --versions')
    }
    expect(existsSync(join(dir, 'never.txt'))).toBe(false)
    expect((await versions('copy.txt')).length).toBe(0)
    expect((await versions('doc.txt')).filter((v) => v['key'] === 'doc.txt').length).toBe(3)
  })

  it('cp restores an earlier version over the latest, with that version`s metadata', async () => {
    const run = await runCli([
      'cp',
      `s3://${bucket}/doc.txt`,
      `s3://${bucket}/doc.txt`,
      '--version-id',
      ids[0]!,
    ])
    expect(run.code).toBe(0)
    const head = jsonLines((await runCli(['head', `s3://${bucket}/doc.txt`, '--json'])).stdout)[0]!
    expect(head).toMatchObject({ size: 13, metadata: { owner: 'alice' } })
    expect(head['versionId']).not.toBe(ids[0])
    // The history stays: the restore is a new latest version on top of the marker.
    const listed = (await versions('doc.txt')).filter((v) => v['key'] === 'doc.txt')
    expect(listed.map((v) => v['kind'])).toEqual(['version', 'delete-marker', 'version', 'version'])
  })

  it('rm deletes one version or delete marker for good, leaving the others', async () => {
    const rmMarker = await runCli(['rm', `s3://${bucket}/doc.txt`, '--version-id', marker])
    expect(rmMarker.stdout).toBe(`deleted s3://${bucket}/doc.txt version ${marker}\n`)
    const rmOld = await runCli(['rm', `s3://${bucket}/doc.txt`, '--version-id', ids[1]!, '--json'])
    expect(jsonLines(rmOld.stdout)[0]).toEqual({
      event: 'deleted',
      bucket,
      key: 'doc.txt',
      versionId: ids[1],
    })
    const left = (await versions('doc.txt')).filter((v) => v['key'] === 'doc.txt')
    expect(left.map((v) => v['versionId'])).not.toContain(marker)
    expect(left.map((v) => v['versionId'])).not.toContain(ids[1])
    expect(left.map((v) => v['versionId'])).toContain(ids[0])
    const many = await runCli(['rm', `s3://${bucket}/a`, `s3://${bucket}/b`, '--version-id', ids[0]!])
    expect(many.code).toBe(2)
  })
})
