import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'
import { openBucket, transfers, folderAction } from './support/app'
import { localFiles } from './support/local-files'
import { shot } from './support/shots'
import { bytesOf } from './support/s3-objects'

const keysUnder = async (s3: S3Client, bucket: string, prefix: string) =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? [])
    .map((o) => o.Key!)
    .sort()

test('Sync... uploads: the plan shows first, nothing moves until confirmed, then the prefix matches the folder', async ({
  page,
  bucket,
  s3,
  desktop,
}) => {
  const big = randomBytes(9 * 1024 * 1024 + 5)
  const local = await localFiles({ 'index.html': '<h1>new</h1>', 'assets/app.js': big, 'same.txt': 'same' })
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'site/index.html', Body: '<h1>old page</h1>' }))
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'site/stale.css', Body: 'gone soon' }))
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'site/old/notes.md', Body: 'gone too' }))
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'site/same.txt', Body: 'same' }))

  const objects = await openBucket(page, bucket)
  await objects.getByRole('row', { name: 'site', exact: true }).click()
  await folderAction(page, 'Sync...')
  const sheet = page.getByRole('dialog', { name: `Sync ${bucket}/site/` })
  await expect(sheet.getByRole('button', { name: 'Review plan' })).toBeDisabled()
  desktop.answerFolderPick(local.dir)
  await sheet.getByRole('button', { name: 'Choose folder...' }).click()
  await expect(sheet.getByLabel('Local folder')).toHaveText(local.dir)
  await expect(sheet.getByRole('radio', { name: /^Upload:/ })).toBeChecked()
  await sheet.getByRole('button', { name: 'Review plan' }).click()

  const plan = sheet.getByRole('region', { name: 'Sync plan' })
  const moves = plan.getByRole('list', { name: 'To upload' })
  await expect(moves.getByRole('listitem')).toHaveText([/^assets\/app\.js/, /^index\.html/])
  const deletions = plan.getByRole('list', { name: 'Files to delete' })
  await expect(deletions.getByRole('listitem')).toHaveText([/^old\/notes\.md/, /^stale\.css/])
  const deleteExtras = plan.getByRole('checkbox', { name: /^Delete 2 files from/ })
  await expect(deleteExtras).not.toBeChecked()
  await expect(plan.getByRole('definition').nth(0)).toHaveText('2 files, 9.0 MiB')
  await expect(plan.getByRole('definition').nth(2)).toHaveText('1 file')
  await shot(page, 'sync-plan')

  // Nothing has moved while the plan is on screen.
  expect(await keysUnder(s3, bucket, 'site/')).toEqual([
    'site/index.html',
    'site/old/notes.md',
    'site/same.txt',
    'site/stale.css',
  ])
  expect((await bytesOf(s3, bucket, 'site/index.html')).toString()).toBe('<h1>old page</h1>')

  await deleteExtras.check()
  await sheet.getByRole('button', { name: 'Sync: copy 2 files, delete 2' }).click()
  await expect(sheet.getByRole('status').filter({ hasText: 'Sync finished' })).toContainText(
    '2 uploaded, 0 downloaded, 1 unchanged, 2 deleted, 0 failed',
    { timeout: 60_000 },
  )
  await shot(page, 'sync-done')
  expect(await keysUnder(s3, bucket, 'site/')).toEqual([
    'site/assets/app.js',
    'site/index.html',
    'site/same.txt',
  ])
  expect((await bytesOf(s3, bucket, 'site/assets/app.js')).equals(big)).toBe(true)
  expect((await bytesOf(s3, bucket, 'site/index.html')).toString()).toBe('<h1>new</h1>')
  await expect(transfers(page).getByRole('listitem', { name: 'app.js' })).toContainText('Done')
  await sheet.getByRole('button', { name: 'Close' }).click()
  await expect(sheet).toBeHidden()
  await local.remove()
})

test('Sync... downloads into a folder and, unless asked, deletes nothing there', async ({
  page,
  bucket,
  s3,
  desktop,
}) => {
  const body = randomBytes(200_000)
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'data/a.bin', Body: body }))
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'data/deep/b.txt', Body: 'bee' }))
  const local = await localFiles({ 'mine.txt': 'only here' })

  const objects = await openBucket(page, bucket)
  await objects.getByRole('row', { name: 'data', exact: true }).click()
  await folderAction(page, 'Sync...')
  const sheet = page.getByRole('dialog', { name: `Sync ${bucket}/data/` })
  desktop.answerFolderPick(local.dir)
  await sheet.getByRole('button', { name: 'Choose folder...' }).click()
  await sheet.getByRole('radio', { name: /^Download:/ }).check()
  await sheet.getByRole('button', { name: 'Review plan' }).click()
  const plan = sheet.getByRole('region', { name: 'Sync plan' })
  await expect(plan.getByRole('list', { name: 'To download' }).getByRole('listitem')).toHaveText([
    /^a\.bin/,
    /^deep\/b\.txt/,
  ])
  await expect(plan.getByRole('list', { name: 'Files to delete' }).getByRole('listitem')).toHaveText([
    /^mine\.txt.*kept/,
  ])
  await expect(readFile(local.path('a.bin'))).rejects.toThrow()

  await sheet.getByRole('button', { name: 'Sync: copy 2 files' }).click()
  await expect(sheet.getByRole('status').filter({ hasText: 'Sync finished' })).toContainText(
    '0 uploaded, 2 downloaded, 0 unchanged, 0 deleted, 0 failed',
    { timeout: 60_000 },
  )
  expect((await readFile(local.path('a.bin'))).equals(body)).toBe(true)
  expect((await readFile(local.path('deep/b.txt'))).toString()).toBe('bee')
  expect((await readFile(local.path('mine.txt'))).toString()).toBe('only here')
  await expect(transfers(page).getByRole('listitem', { name: 'b.txt' })).toContainText('Done')
  await local.remove()
})
