// Incomplete multipart uploads: listed with their parts and bytes, aborted by age.
import {
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { beforeAll, describe, expect, it } from 'vitest'
import { abortIncompleteUploads, listIncompleteUploads } from '../../src/main/core/objects/incomplete-uploads'
import { olderThan } from '../../src/main/core/objects/older-than'
import { MiB } from '../../src/shared/s3-limits'
import { freshBucket, testClient } from '../support/s3'
import { cliEnv, jsonLines, recordingClient, runCli } from './objects-support'

const client = testClient()
let bucket: string

async function startUpload(key: string, partSizes: number[]): Promise<string> {
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }))
  for (const [i, size] of partSizes.entries()) {
    await client.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        PartNumber: i + 1,
        Body: Buffer.alloc(size, i),
      }),
    )
  }
  return UploadId!
}

const serverUploads = async () =>
  ((await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).map(
    (u) => u.UploadId,
  )

beforeAll(async () => {
  bucket = await freshBucket(client, 'uploads')
})

describe('incomplete multipart uploads', () => {
  it('lists each upload with its key, id, start time, parts and bytes', async () => {
    const id = await startUpload('list/big file.bin', [5 * MiB, 1234])
    const empty = await startUpload('list/empty.bin', [])
    const uploads = await listIncompleteUploads(client, bucket, { prefix: 'list/' })
    expect(uploads).toHaveLength(2)
    expect(uploads.find((u) => u.uploadId === id)).toMatchObject({
      key: 'list/big file.bin',
      parts: 2,
      bytes: 5 * MiB + 1234,
    })
    expect(uploads.find((u) => u.uploadId === empty)).toMatchObject({
      key: 'list/empty.bin',
      parts: 0,
      bytes: 0,
    })
    const started = Date.parse(uploads[0]!.initiated)
    expect(Math.abs(Date.now() - started)).toBeLessThan(5 * 60_000)
    await abortIncompleteUploads(client, bucket, uploads)
    expect(await listIncompleteUploads(client, bucket, { prefix: 'list/' })).toEqual([])
  })

  it('pages through more uploads than one listing page holds', async () => {
    // Two uploads of one key too: the listing pages by key and upload id together.
    const keys = [...Array.from({ length: 23 }, (_, i) => `page/${i}`), 'page/0']
    const created = await Promise.all(
      keys.map((Key) => client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key }))),
    )
    const { client: recorder, sent } = recordingClient()
    const uploads = await listIncompleteUploads(recorder, bucket, { prefix: 'page/', pageSize: 10 })
    expect(sent.filter((s) => s.command === 'ListMultipartUploadsCommand')).toHaveLength(3)
    expect(uploads.map((u) => u.uploadId).sort()).toEqual(created.map((c) => c.UploadId).sort())
    const outcome = await abortIncompleteUploads(client, bucket, uploads)
    expect(outcome.aborted).toHaveLength(24)
    expect(outcome.failed).toEqual([])
  })

  it('--abort --older-than keeps a fresh upload, --older-than 0s aborts it', async () => {
    const id = await startUpload('cli/fresh.bin', [1000])
    const env = cliEnv()
    const listed = await runCli(['uploads', `s3://${bucket}/cli/`, '--json'], { env })
    expect(listed.code).toBe(0)
    expect(jsonLines(listed.stdout)).toEqual([
      expect.objectContaining({ key: 'cli/fresh.bin', uploadId: id, parts: 1, bytes: 1000 }),
    ])

    const kept = await runCli(['uploads', `s3://${bucket}`, '--abort', '--older-than', '1h'], { env })
    expect(kept.code).toBe(0)
    expect(kept.stdout).toContain('aborted 0 uploads; 1 newer than 1h kept')
    expect(await serverUploads()).toContain(id)

    const aborted = await runCli(['uploads', `s3://${bucket}`, '--abort', '--older-than', '0s'], { env })
    expect(aborted.code).toBe(0)
    expect(aborted.stdout).toContain(`aborted s3://${bucket}/cli/fresh.bin (upload ${id}, 1 part`)
    expect(await serverUploads()).not.toContain(id)
  })

  it('filters by age with the server clock of each upload', async () => {
    await startUpload('age/one.bin', [])
    const uploads = await listIncompleteUploads(client, bucket, { prefix: 'age/' })
    expect(olderThan(uploads, 3600, new Date())).toEqual([])
    expect(olderThan(uploads, 3600, new Date(Date.now() + 2 * 3600_000))).toHaveLength(1)
    await abortIncompleteUploads(client, bucket, uploads)
  })

  it('reports a missing bucket as such, with exit code 1 from the CLI', async () => {
    await expect(listIncompleteUploads(client, `${bucket}-absent`)).rejects.toMatchObject({
      code: 'bucket-missing',
    })
    const run = await runCli(['uploads', `s3://${bucket}-absent`])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^ferry: bucket ".*-absent" does not exist\. Fix: /m)
  })

  it('rejects a bad --older-than as bad usage (exit 2)', async () => {
    const run = await runCli(['uploads', `s3://${bucket}`, '--older-than', 'soon'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--older-than "soon" is not a duration\. Fix: .*24h/)
  })
})
