import { statSync } from 'node:fs'
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3'
import { encodeMtime } from '../src/shared/mtime-meta'
import { test, expect } from './fixtures'
import { addMetadata, openBucket, transfers, uploadSheet, folderAction } from './support/app'
import { localFiles } from './support/local-files'
import { bytesOf, headOf, metadataOf } from './support/s3-objects'

test('the metadata form checks names, duplicates, the 2 KB limit and header characters as you type', async ({
  page,
  bucket,
  s3,
  dropFiles,
}) => {
  const files = await localFiles({ 'report.txt': 'quarterly numbers' })
  const objects = await openBucket(page, bucket)
  await dropFiles(objects, [files.path('report.txt')])
  const sheet = uploadSheet(page)
  const start = sheet.getByRole('button', { name: 'Start upload' })
  await expect(sheet.getByRole('listitem', { name: 'report.txt', exact: true })).toBeVisible()
  await expect(start).toBeEnabled()

  await addMetadata(sheet, 'cost center', '42')
  const bad = sheet.getByRole('listitem', { name: 'cost center' })
  await expect(bad).toContainText('has characters not allowed in a header name')
  await expect(bad.getByLabel('Metadata key')).toHaveAttribute('aria-invalid', 'true')
  await expect(start).toBeDisabled()
  await bad.getByLabel('Metadata key').fill('cost-center')
  await expect(sheet.getByRole('listitem', { name: 'cost-center' })).not.toContainText('not allowed')
  await expect(start).toBeEnabled()

  await addMetadata(sheet, 'x-amz-meta-owner', 'me')
  await expect(sheet.getByRole('listitem', { name: 'x-amz-meta-owner' })).toContainText(
    'Leave out the x-amz-meta- prefix',
  )
  await sheet
    .getByRole('listitem', { name: 'x-amz-meta-owner' })
    .getByLabel('Metadata key')
    .fill('Cost-Center')
  await expect(sheet.getByRole('listitem', { name: 'Cost-Center', exact: true })).toContainText(
    'appears twice',
  )
  await expect(start).toBeDisabled()
  await sheet
    .getByRole('listitem', { name: 'Cost-Center', exact: true })
    .getByRole('button', { name: 'Remove' })
    .click()
  await expect(start).toBeEnabled()

  // The limit counts bytes as sent: "é" is two bytes of UTF-8, then base64 inside =?UTF-8?B?...?=.
  await addMetadata(sheet, 'notes', 'é'.repeat(760))
  await expect(sheet.getByRole('alert')).toContainText('over S3’s limit for user metadata')
  await expect(start).toBeDisabled()
  await sheet.getByRole('listitem', { name: 'notes' }).getByLabel('Metadata value').fill('é'.repeat(10))
  await expect(sheet.getByRole('listitem', { name: 'notes' })).toContainText('Sent RFC 2047-encoded')
  await expect(sheet.getByRole('alert')).toHaveCount(0)

  await sheet.getByLabel('Content-Disposition', { exact: true }).fill('attachment; filename="naïve.txt"')
  await expect(sheet).toContainText("filename*=UTF-8''")
  await expect(start).toBeDisabled()
  await sheet.getByLabel('Content-Disposition', { exact: true }).fill('attachment; filename="report.txt"')
  await sheet.getByLabel('Content-Type', { exact: true }).fill('text/csv')
  await start.click()

  await expect(transfers(page).getByRole('listitem', { name: 'report.txt' })).toContainText('Done')
  const head = await headOf(s3, bucket, 'report.txt')
  expect(head.ContentType).toBe('text/csv')
  expect(head.ContentDisposition).toBe('attachment; filename="report.txt"')
  expect(await metadataOf(s3, bucket, 'report.txt')).toEqual({
    'cost-center': '42',
    notes: 'é'.repeat(10),
    mtime: encodeMtime(statSync(files.path('report.txt')).mtimeMs),
  })
  await files.remove()
})

test('Cancel uploads nothing', async ({ page, bucket, s3, dropFiles }) => {
  const files = await localFiles({ 'draft.txt': 'not yet' })
  const objects = await openBucket(page, bucket)
  await dropFiles(objects, [files.path('draft.txt')])
  await uploadSheet(page).getByRole('button', { name: 'Cancel' }).click()
  await expect(uploadSheet(page)).toBeHidden()
  await expect(transfers(page).getByRole('listitem', { name: 'draft.txt' })).toHaveCount(0)
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }))
  expect(listed.KeyCount ?? 0).toBe(0)
  await files.remove()
})

test('the if-exists policy: fail keeps the object and says so, skip keeps it, overwrite replaces it', async ({
  page,
  bucket,
  s3,
  dropFiles,
}) => {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'notes.txt', Body: 'the original' }))
  const files = await localFiles({ 'notes.txt': 'a newer version' })
  const objects = await openBucket(page, bucket)
  const sheet = uploadSheet(page)
  const row = transfers(page).getByRole('listitem', { name: 'notes.txt' })

  await dropFiles(objects, [files.path('notes.txt')])
  await expect(sheet.getByRole('radio', { name: 'Fail' })).toBeChecked()
  await sheet.getByRole('button', { name: 'Start upload' }).click()
  await expect(row).toContainText('Failed')
  await expect(row.getByRole('alert')).toContainText('already exists')
  await expect(row.getByRole('button', { name: 'Retry' })).toBeVisible()
  expect((await bytesOf(s3, bucket, 'notes.txt')).toString()).toBe('the original')

  await dropFiles(objects, [files.path('notes.txt')])
  await sheet.getByRole('radio', { name: 'Skip' }).check()
  await sheet.getByRole('button', { name: 'Start upload' }).click()
  await expect(row.first()).toContainText('Done')
  expect((await bytesOf(s3, bucket, 'notes.txt')).toString()).toBe('the original')

  await dropFiles(objects, [files.path('notes.txt')])
  await sheet.getByRole('radio', { name: 'Overwrite' }).check()
  await sheet.getByRole('button', { name: 'Start upload' }).click()
  await expect(row.first()).toContainText('Verified')
  expect((await bytesOf(s3, bucket, 'notes.txt')).toString()).toBe('a newer version')
  await files.remove()
})

test('Upload... opens the file dialog, and "Apply last metadata" brings back the previous upload’s', async ({
  page,
  bucket,
  s3,
  desktop,
}) => {
  const files = await localFiles({ 'pick-one.txt': 'first', 'pick-two.txt': 'second' })
  await openBucket(page, bucket)
  const sheet = uploadSheet(page)

  desktop.answerUploadPick([files.path('pick-one.txt')])
  await folderAction(page, 'Upload...')
  await expect(sheet.getByRole('listitem', { name: 'pick-one.txt', exact: true })).toBeVisible()
  expect(desktop.pickRequests).toEqual(['upload-files'])
  await sheet.getByLabel('Cache-Control', { exact: true }).fill('no-cache')
  await addMetadata(sheet, 'project', 'Ærø')
  await sheet.getByRole('radio', { name: 'Overwrite' }).check()
  await sheet.getByRole('button', { name: 'Start upload' }).click()
  await expect(transfers(page).getByRole('listitem', { name: 'pick-one.txt' })).toContainText('Done')

  desktop.answerUploadPick([files.path('pick-two.txt')])
  await folderAction(page, 'Upload...')
  await expect(sheet.getByRole('listitem', { name: 'pick-two.txt', exact: true })).toBeVisible()
  await expect(sheet.getByLabel('Cache-Control', { exact: true })).toHaveValue('')
  await sheet.getByRole('button', { name: 'Apply last metadata' }).click()
  await expect(sheet.getByLabel('Cache-Control', { exact: true })).toHaveValue('no-cache')
  await expect(sheet.getByRole('listitem', { name: 'project' }).getByLabel('Metadata value')).toHaveValue(
    'Ærø',
  )
  await expect(sheet.getByRole('radio', { name: 'Overwrite' })).toBeChecked()
  await sheet.getByRole('button', { name: 'Start upload' }).click()
  await expect(transfers(page).getByRole('listitem', { name: 'pick-two.txt' })).toContainText('Done')

  expect(await metadataOf(s3, bucket, 'pick-two.txt')).toEqual({
    project: 'Ærø',
    mtime: encodeMtime(statSync(files.path('pick-two.txt')).mtimeMs),
  })
  expect((await headOf(s3, bucket, 'pick-two.txt')).CacheControl).toBe('no-cache')

  // A cancelled dialog opens no sheet.
  await folderAction(page, 'Upload...')
  await expect.poll(() => desktop.pickRequests.length).toBe(3)
  await expect(sheet).toBeHidden()
  await files.remove()
})

test('files dropped on a folder row go into that folder', async ({ page, bucket, s3, dropFiles }) => {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'photos/old.jpg', Body: 'x' }))
  const files = await localFiles({ 'new.jpg': 'a picture' })
  const objects = await openBucket(page, bucket)
  await dropFiles(objects.getByRole('row', { name: 'photos', exact: true }), [files.path('new.jpg')])
  const sheet = uploadSheet(page)
  await expect(sheet.getByRole('heading', { level: 2 })).toHaveText(`Upload to ${bucket}/photos/`)
  await expect(sheet.getByRole('listitem', { name: 'photos/new.jpg', exact: true })).toBeVisible()
  await sheet.getByRole('button', { name: 'Start upload' }).click()
  await expect(transfers(page).getByRole('listitem', { name: 'new.jpg' })).toContainText('Done')
  expect((await bytesOf(s3, bucket, 'photos/new.jpg')).toString()).toBe('a picture')
  await files.remove()
})

test('"Skip in folders" leaves files out of a dropped folder, and the next sheet remembers it', async ({
  page,
  bucket,
  s3,
  dropFiles,
}) => {
  const files = await localFiles({
    'site/index.html': '<h1>hi</h1>',
    'site/.DS_Store': 'finder',
    'site/notes.tmp': 'scratch',
    'site/node_modules/pkg/i.js': 'module',
  })
  const objects = await openBucket(page, bucket)
  await dropFiles(objects, [files.path('site')])
  const sheet = uploadSheet(page)
  const planned = sheet.getByRole('list', { name: 'Files to upload' })
  await expect(sheet).toContainText('4 files')
  const start = sheet.getByRole('button', { name: 'Start upload' })

  await sheet.getByLabel('Skip in folders').fill('.DS_Store *.tmp node_modules')
  await expect(sheet).toContainText('1 file,')
  await expect(planned.getByRole('listitem')).toHaveCount(1)
  await expect(planned.getByRole('listitem', { name: 'site/index.html', exact: true })).toBeVisible()
  await start.click()
  await expect(transfers(page).getByRole('listitem', { name: 'index.html' })).toContainText('Done')
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }))
  expect((listed.Contents ?? []).map((o) => o.Key)).toEqual(['site/index.html'])

  // Patterns that leave nothing say so, and nothing can start.
  await dropFiles(objects, [files.path('site')])
  await expect(sheet.getByLabel('Skip in folders')).toHaveValue('.DS_Store *.tmp node_modules')
  await sheet.getByLabel('Skip in folders').fill('*')
  await expect(sheet.getByRole('alert')).toContainText(
    'the exclude patterns left out all 4 files and folders',
  )
  await expect(start).toBeDisabled()
  await sheet.getByRole('button', { name: 'Cancel' }).click()
  await files.remove()
})
