// The browser's versions view against radosgw: versioning turned on from the app, each
// object's versions and delete markers listed, one downloaded, one restored over the latest
// with its metadata, one deleted after a confirmation that names it.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'
import { openBucket, transfers } from './support/app'
import { localFiles } from './support/local-files'

/** The fixture deletes only current objects: versions and markers go here. */
async function deleteAllVersions(s3: S3Client, bucket: string): Promise<void> {
  const out = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }))
  const all = [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])]
  if (all.length > 0)
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: all.map((v) => ({ Key: v.Key!, VersionId: v.VersionId! })) },
      }),
    )
}

test('versions: listed, downloaded, restored over the latest and deleted', async ({
  page,
  bucket,
  s3,
  desktop,
}) => {
  test.setTimeout(90_000)
  await openBucket(page, bucket)
  await page.getByRole('button', { name: 'Show versions' }).click()
  const view = page.getByLabel('Versions', { exact: true })
  await expect(view.getByTestId('versioning-status')).toContainText('Versioning is off')
  await view.getByRole('button', { name: 'Turn versioning on' }).click()
  await expect(view.getByTestId('versioning-status')).toContainText('Versioning is on')
  expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled')

  const first = await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: 'notes.txt', Body: 'first draft', Metadata: { by: 'ann' } }),
  )
  const second = await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: 'notes.txt', Body: 'second draft!', Metadata: { by: 'bo' } }),
  )
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'gone.txt', Body: 'x' }))
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'gone.txt' }))
  // View > Show Versions (its shortcut) switches back to the objects, and again to the versions.
  await page.keyboard.press('Control+Shift+H')
  await expect(view).toHaveCount(0)
  await expect(
    page.getByRole('table', { name: 'Objects' }).getByRole('row', { name: 'notes.txt' }),
  ).toBeVisible()
  await page.keyboard.press('Control+Shift+H')

  const table = view.getByRole('table', { name: 'Object versions' })
  const row = (id: string) => table.locator(`[data-version-id="${id}"]`)
  await expect(row(second.VersionId!)).toContainText('latest')
  await expect(row(second.VersionId!)).toContainText('13 B')
  await expect(row(first.VersionId!)).toContainText('11 B')
  await expect(table.getByRole('row').filter({ hasText: 'delete marker' })).toContainText('gone.txt')

  // Download the earlier version into a folder.
  const folder = await localFiles({})
  desktop.answerFolderPick(folder.dir)
  await row(first.VersionId!)
    .getByRole('button', { name: /^Download/ })
    .click()
  await expect(transfers(page).getByRole('listitem', { name: 'notes.txt' })).toContainText('Done', {
    timeout: 30_000,
  })
  expect((await readFile(join(folder.dir, 'notes.txt'))).toString()).toBe('first draft')

  // Restore it: a new latest version with the old bytes and metadata.
  await row(first.VersionId!)
    .getByRole('button', { name: /^Restore/ })
    .click()
  await expect(table.getByRole('row').filter({ hasText: 'notes.txt' })).toHaveCount(3)
  const now = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'notes.txt' }))
  expect(await now.Body!.transformToString()).toBe('first draft')
  expect(now.Metadata).toEqual({ by: 'ann' })
  await expect(row(second.VersionId!)).not.toContainText('latest')

  // Delete the second version: the confirmation names it.
  await row(second.VersionId!)
    .getByRole('button', { name: /^Delete/ })
    .click()
  const confirm = page.getByRole('dialog', { name: `Delete version ${second.VersionId} of “notes.txt”?` })
  await expect(confirm).toContainText('deleted for good')
  await confirm.getByRole('button', { name: 'Delete for good' }).click()
  await expect(confirm).toBeHidden()
  await expect(row(second.VersionId!)).toHaveCount(0)
  const left = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: 'notes.txt' }))
  expect(left.Versions?.map((v) => v.VersionId)).not.toContain(second.VersionId)
  expect(left.Versions?.map((v) => v.VersionId)).toContain(first.VersionId)

  await folder.remove()
  await deleteAllVersions(s3, bucket)
})
