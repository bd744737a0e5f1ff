// A folder renamed in the window is a row of the transfers panel: what it moves, objects done
// of all, and its state, until it is done.
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'
import { openBucket, renameFolder, transfers } from './support/app'

const COUNT = 40

test('a folder rename shows in the transfers panel and reaches done with its count', async ({
  page,
  bucket,
  s3,
}) => {
  for (let i = 0; i < COUNT; i++)
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `photos/p-${i}.jpg`, Body: `photo ${i}` }))
  await openBucket(page, bucket)
  await renameFolder(page, 'photos', 'pictures')

  const row = transfers(page).getByRole('listitem', { name: 'photos/ → pictures/' })
  await expect(row).toContainText('Done', { timeout: 60_000 })
  await expect(row).toContainText(`Move · ${COUNT} of ${COUNT} objects`)
  const bar = row.getByRole('progressbar')
  await expect(bar).toHaveAttribute('value', String(COUNT))
  await expect(bar).toHaveAttribute('max', String(COUNT))
  // Nothing to pause, resume or cancel once done; Clear finished takes it off.
  await expect(row.getByRole('button')).toHaveCount(0)
  await transfers(page).getByRole('button', { name: 'Clear finished' }).click()
  await expect(row).toHaveCount(0)
  const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket }))
  expect(out.Contents?.filter((o) => o.Key!.startsWith('pictures/'))).toHaveLength(COUNT)
})
