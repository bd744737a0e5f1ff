// Archived objects in the app, against the project's stub (radosgw has no archive tier; the
// stub answers as AWS documents): shown as archived in the list and the inspector, a download
// refused as archived offers Restore… on its transfer row, and the inspector then shows the
// restore in progress.
import { readdir } from 'node:fs/promises'
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { startStub, type StubServer } from '../test/support/stub-s3'
import { test, expect } from './fixtures'
import { openBucket, transfers } from './support/app'
import { localFiles } from './support/local-files'

const BUCKET = 'cold-storage'
let stub: StubServer

test.beforeAll(async () => {
  // Restores stay in progress for the whole spec.
  stub = await startStub(['--restore-ms', '600000'])
})
test.afterAll(async () => {
  await stub?.stop()
})

test('an archived object is marked, its download offers Restore…, and the restore shows in progress', async ({
  page,
  desktop,
}) => {
  const s3 = new S3Client({
    endpoint: stub.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'STUBACCESSKEY', secretAccessKey: 'stub-secret' },
  })
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }))
  await s3.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: 'photos-2019.tar',
      Body: 'old photos',
      StorageClass: 'GLACIER',
    }),
  )
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'warm.txt', Body: 'warm' }))

  await page.getByRole('button', { name: 'Add connection' }).click()
  const editor = page.getByRole('dialog', { name: 'Add connection' })
  await editor.getByLabel('Name', { exact: true }).fill('archive stub')
  await editor.getByLabel('Endpoint', { exact: true }).fill(stub.endpoint)
  await editor.getByLabel('Path-style addressing').check()
  await editor.getByLabel('Access key ID', { exact: true }).fill('STUBACCESSKEY')
  await editor.getByLabel('Secret access key', { exact: true }).fill('stub-secret')
  await editor.getByRole('button', { name: 'Save connection' }).click()
  await expect(editor).toBeHidden()

  const objects = await openBucket(page, BUCKET)
  const cold = objects.getByRole('row', { name: 'photos-2019.tar', exact: true })
  await expect(cold).toContainText('archived')
  await expect(objects.getByRole('row', { name: 'warm.txt', exact: true })).not.toContainText('archived')

  await cold.click()
  const inspector = page.getByRole('complementary', { name: 'Inspector' })
  await expect(inspector.getByTestId('archive-state')).toHaveText('archived: restore it before downloading')

  // The download is refused as archived, writes nothing, and offers the restore where it failed.
  const folder = await localFiles({})
  desktop.answerFolderPick(folder.dir)
  await inspector.getByRole('button', { name: 'Download' }).click()
  const row = transfers(page).getByRole('listitem', { name: 'photos-2019.tar' })
  await expect(row).toContainText('is archived and must be restored before it can be read')
  await row.getByRole('button', { name: 'Restore…' }).click()
  const form = row.getByRole('form', { name: 'Restore' })
  await form.getByLabel('Keep the restored copy for (days)').fill('0')
  await expect(form.getByRole('button', { name: 'Restore' })).toBeDisabled()
  await form.getByLabel('Keep the restored copy for (days)').fill('3')
  await form.getByLabel('Tier').selectOption('Bulk')
  await form.getByRole('button', { name: 'Restore' }).click()
  await expect(row.getByRole('status')).toHaveText(
    'Restore started. It takes minutes (Expedited) to hours (Standard, Bulk). Press Retry once it has completed.',
  )
  const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'photos-2019.tar' }))
  expect(head.Restore).toContain('ongoing-request="true"')
  expect(await readdir(folder.dir)).toEqual([])

  // The inspector, read again, shows the restore in progress and offers no second one.
  await objects.getByRole('row', { name: 'warm.txt', exact: true }).click()
  await cold.click()
  await expect(inspector.getByTestId('archive-state')).toHaveText('archived: restore in progress')
  await expect(inspector.getByRole('button', { name: 'Restore…' })).toHaveCount(0)

  await folder.remove()
  s3.destroy()
  await page.getByRole('button', { name: 'Edit archive stub' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit “archive stub”' })
  await edit.getByRole('button', { name: 'Remove' }).click()
  await edit.getByRole('button', { name: 'Confirm remove' }).click()
  await expect(page.getByRole('button', { name: 'Edit archive stub' })).toHaveCount(0)
})
