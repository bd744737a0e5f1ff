import {
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'
import { openBucket, folderAction } from './support/app'

async function startUpload(s3: S3Client, bucket: string, key: string, parts: number): Promise<void> {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }))
  for (let n = 1; n <= parts; n++) {
    await s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        PartNumber: n,
        Body: Buffer.alloc(5 * 1024 * 1024),
      }),
    )
  }
}

test('incomplete uploads are listed with age, parts and size, and can be aborted', async ({
  page,
  bucket,
  s3,
}) => {
  await startUpload(s3, bucket, 'abandoned/backup.tar', 2)
  await startUpload(s3, bucket, 'half-done.iso', 0)
  await openBucket(page, bucket)
  await folderAction(page, 'Incomplete uploads')
  const dialog = page.getByRole('dialog', { name: `Incomplete uploads in ${bucket}` })
  const list = dialog.getByRole('list', { name: 'Incomplete uploads' })
  await expect(list.getByRole('listitem', { name: 'abandoned/backup.tar' })).toContainText('2 parts · 10 MiB')
  await expect(list.getByRole('listitem', { name: 'abandoned/backup.tar' })).toContainText('just now')
  await expect(list.getByRole('listitem', { name: 'half-done.iso' })).toContainText('0 parts · 0 B')
  await expect(dialog).toContainText('2 uploads holding 10 MiB of parts')

  await list.getByRole('listitem', { name: 'abandoned/backup.tar' }).getByRole('checkbox').check()
  await dialog.getByRole('button', { name: 'Abort selected' }).click()
  await expect(list.getByRole('listitem')).toHaveCount(1)
  await expect(list.getByRole('listitem', { name: 'half-done.iso' })).toBeVisible()
  const left = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))
  expect(left.Uploads?.map((u) => u.Key)).toEqual(['half-done.iso'])

  await dialog.getByRole('button', { name: 'Abort all' }).click()
  await expect(dialog).toContainText('None: no parts are stored')
  expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).toEqual([])
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(dialog).toBeHidden()
})
