import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'
import { folderAction, renameFolder } from './support/app'
import { bytesOf } from './support/s3-objects'

async function keysOf(s3: S3Client, bucket: string): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket }))
  return (out.Contents ?? []).map((o) => o.Key!).sort()
}

async function put(s3: S3Client, bucket: string, keys: string[]): Promise<void> {
  for (const key of keys)
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}` }))
}

test('renaming a folder moves every object under it to the new name', async ({ page, bucket, s3 }) => {
  await put(s3, bucket, ['photos/a.jpg', 'photos/2024/b.jpg', 'other.txt'])
  await page
    .getByRole('navigation', { name: 'Buckets' })
    .getByRole('button', { name: bucket, exact: true })
    .click()
  const objects = page.getByRole('grid', { name: 'Objects' })
  const dialog = await renameFolder(page, 'photos', 'pictures')
  await expect(dialog).toHaveCount(0)
  await expect(page.getByRole('status').filter({ hasText: 'Moved 2 objects.' })).toBeVisible()
  await expect(objects.getByRole('row', { name: 'pictures', exact: true })).toBeVisible()
  await expect(objects.getByRole('row', { name: 'photos', exact: true })).toHaveCount(0)
  expect(await keysOf(s3, bucket)).toEqual(['other.txt', 'pictures/2024/b.jpg', 'pictures/a.jpg'])
  expect((await bytesOf(s3, bucket, 'pictures/2024/b.jpg')).toString()).toBe('body of photos/2024/b.jpg')
})

test('a folder cannot be renamed to a name taken by objects: it says which, and nothing moves', async ({
  page,
  bucket,
  s3,
}) => {
  await put(s3, bucket, ['a/x.txt', 'b/x.txt'])
  await page
    .getByRole('navigation', { name: 'Buckets' })
    .getByRole('button', { name: bucket, exact: true })
    .click()
  await page.getByRole('row', { name: 'a', exact: true }).click({ modifiers: ['ControlOrMeta'] })
  await folderAction(page, 'Rename')
  await page.getByRole('dialog').getByLabel('New name').fill('b')
  await page.getByRole('dialog').getByRole('button', { name: 'Rename', exact: true }).click()
  await expect(page.getByRole('dialog').getByRole('alert')).toContainText(
    `s3://${bucket}/b/x.txt already exists`,
  )
  expect(await keysOf(s3, bucket)).toEqual(['a/x.txt', 'b/x.txt'])
})

test('dragging objects onto a breadcrumb, then onto a folder row, moves them there', async ({
  page,
  bucket,
  s3,
  desktop,
  dropFiles,
}) => {
  await put(s3, bucket, ['inbox/one.txt', 'inbox/two.txt', 'inbox/keep.txt', 'archive/old.txt'])
  await page
    .getByRole('navigation', { name: 'Buckets' })
    .getByRole('button', { name: bucket, exact: true })
    .click()
  const objects = page.getByRole('grid', { name: 'Objects' })
  await objects.getByRole('row', { name: 'inbox', exact: true }).click()
  await objects.getByRole('row', { name: 'one.txt', exact: true }).click()
  await objects.getByRole('row', { name: 'two.txt', exact: true }).click({ modifiers: ['ControlOrMeta'] })
  // An object row's drag is the OS drag of its fetched files; let go over the bucket's crumb,
  // those files mean a move of the two objects to the bucket's root.
  await objects.getByRole('row', { name: 'two.txt', exact: true }).dispatchEvent('dragstart')
  await expect.poll(() => desktop.drags.length, { timeout: 30_000 }).toBe(1)
  const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' })
  await dropFiles(breadcrumb.getByRole('button', { name: bucket }), desktop.drags[0]!)
  await expect(page.getByRole('status').filter({ hasText: 'Moved 2 objects.' })).toBeVisible()
  await expect(objects.getByRole('row', { name: 'one.txt', exact: true })).toHaveCount(0)
  expect(await keysOf(s3, bucket)).toEqual(['archive/old.txt', 'inbox/keep.txt', 'one.txt', 'two.txt'])

  await breadcrumb.getByRole('button', { name: bucket }).click()
  await objects.getByRole('row', { name: 'one.txt', exact: true }).click()
  await objects.getByRole('row', { name: 'one.txt', exact: true }).dispatchEvent('dragstart')
  await expect.poll(() => desktop.drags.length, { timeout: 30_000 }).toBe(2)
  await dropFiles(objects.getByRole('row', { name: 'archive', exact: true }), desktop.drags[1]!)
  await expect(page.getByRole('status').filter({ hasText: 'Moved one object.' })).toBeVisible()
  expect(await keysOf(s3, bucket)).toEqual([
    'archive/old.txt',
    'archive/one.txt',
    'inbox/keep.txt',
    'two.txt',
  ])
  expect((await bytesOf(s3, bucket, 'archive/one.txt')).toString()).toBe('body of inbox/one.txt')
})

test('dragging a folder row onto another folder row moves the folder into it', async ({
  page,
  bucket,
  s3,
}) => {
  await put(s3, bucket, ['inbox/a.txt', 'inbox/sub/b.txt', 'archive/old.txt'])
  await page
    .getByRole('navigation', { name: 'Buckets' })
    .getByRole('button', { name: bucket, exact: true })
    .click()
  const objects = page.getByRole('grid', { name: 'Objects' })
  await objects
    .getByRole('row', { name: 'inbox', exact: true })
    .dragTo(objects.getByRole('row', { name: 'archive', exact: true }))
  await expect(page.getByRole('status').filter({ hasText: 'Moved 2 objects.' })).toBeVisible()
  await expect(objects.getByRole('row', { name: 'inbox', exact: true })).toHaveCount(0)
  expect(await keysOf(s3, bucket)).toEqual([
    'archive/inbox/a.txt',
    'archive/inbox/sub/b.txt',
    'archive/old.txt',
  ])
})

test('Ctrl/Cmd+X then Ctrl/Cmd+V in another folder moves the cut rows there', async ({
  page,
  bucket,
  s3,
}) => {
  await put(s3, bucket, ['from/a.txt', 'to/b.txt'])
  await page
    .getByRole('navigation', { name: 'Buckets' })
    .getByRole('button', { name: bucket, exact: true })
    .click()
  const objects = page.getByRole('grid', { name: 'Objects' })
  await objects.getByRole('row', { name: 'from', exact: true }).click()
  await objects.getByRole('row', { name: 'a.txt', exact: true }).click()
  await page.keyboard.press('ControlOrMeta+x')
  await expect(page.getByRole('status').filter({ hasText: 'One item cut' })).toBeVisible()
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('button', { name: bucket }).click()
  await objects.getByRole('row', { name: 'to', exact: true }).click()
  await objects.getByRole('row', { name: 'b.txt', exact: true }).click()
  await page.keyboard.press('ControlOrMeta+v')
  await expect(objects.getByRole('row', { name: 'a.txt', exact: true })).toBeVisible()
  expect(await keysOf(s3, bucket)).toEqual(['to/a.txt', 'to/b.txt'])
})

test('rows cut in one bucket and pasted in another move there', async ({ page, bucket, s3 }) => {
  const other = `${bucket}-to`
  await s3.send(new CreateBucketCommand({ Bucket: other }))
  try {
    await put(s3, bucket, ['docs/a.txt', 'docs/b.txt', 'stay.txt'])
    const buckets = page.getByRole('navigation', { name: 'Buckets' })
    await page.getByRole('button', { name: 'Refresh buckets' }).click()
    await buckets.getByRole('button', { name: bucket, exact: true }).click()
    const objects = page.getByRole('grid', { name: 'Objects' })
    // A click opens a folder; Ctrl/Cmd+click selects it.
    await objects.getByRole('row', { name: 'docs', exact: true }).click({ modifiers: ['ControlOrMeta'] })
    await page.keyboard.press('ControlOrMeta+x')
    await expect(page.getByRole('status').filter({ hasText: 'One item cut' })).toBeVisible()
    await buckets.getByRole('button', { name: other, exact: true }).click()
    // Into the (empty) list, where the keys go, then paste.
    await objects.click()
    await page.keyboard.press('ControlOrMeta+v')
    await expect(page.getByRole('status').filter({ hasText: 'Moved 2 objects.' })).toBeVisible()
    await expect(objects.getByRole('row', { name: 'docs', exact: true })).toBeVisible()
    expect(await keysOf(s3, other)).toEqual(['docs/a.txt', 'docs/b.txt'])
    expect(await keysOf(s3, bucket)).toEqual(['stay.txt'])
    expect((await bytesOf(s3, other, 'docs/b.txt')).toString()).toBe('body of docs/b.txt')
  } finally {
    for (const key of await keysOf(s3, other))
      await s3.send(new DeleteObjectCommand({ Bucket: other, Key: key }))
    await s3.send(new DeleteBucketCommand({ Bucket: other }))
  }
})
