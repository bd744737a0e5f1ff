import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'
import { folderAction } from './support/app'

async function put(s3: S3Client, bucket: string, keys: string[], concurrency = 16): Promise<void> {
  const queue = [...keys]
  const worker = async () => {
    for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}` }))
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}

test('browsing into folders shows their objects, and the breadcrumb leads back', async ({
  page,
  bucket,
  s3,
}) => {
  await put(s3, bucket, [
    'readme.txt',
    'photos/beach.jpg',
    'photos/2024/january.jpg',
    'photos/2024/february.jpg',
  ])
  await page
    .getByRole('navigation', { name: 'Buckets' })
    .getByRole('button', { name: bucket, exact: true })
    .click()

  const objects = page.getByRole('grid', { name: 'Objects' })
  await expect(objects.getByRole('row', { name: 'photos', exact: true })).toBeVisible()
  await expect(objects.getByRole('row', { name: 'readme.txt', exact: true })).toContainText('18 B')
  await expect(objects.getByRole('row', { name: 'beach.jpg' })).toHaveCount(0)

  await objects.getByRole('row', { name: 'photos', exact: true }).click()
  await expect(objects.getByRole('row', { name: 'beach.jpg', exact: true })).toBeVisible()
  await expect(objects.getByRole('row', { name: 'readme.txt' })).toHaveCount(0)

  await objects.getByRole('button', { name: '2024', exact: true }).click()
  await expect(objects.getByRole('row', { name: 'january.jpg', exact: true })).toBeVisible()
  await expect(objects.getByRole('row', { name: 'february.jpg', exact: true })).toContainText('Standard')
  const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' })
  await expect(breadcrumb.getByRole('listitem')).toHaveText([bucket, 'photos', '2024'])

  await breadcrumb.getByRole('button', { name: 'photos' }).click()
  await expect(objects.getByRole('row', { name: 'beach.jpg', exact: true })).toBeVisible()
  await breadcrumb.getByRole('button', { name: bucket }).click()
  await expect(objects.getByRole('row', { name: 'readme.txt', exact: true })).toBeVisible()
})

test('Refresh shows objects written since the folder was opened', async ({ page, bucket, s3 }) => {
  await page
    .getByRole('navigation', { name: 'Buckets' })
    .getByRole('button', { name: bucket, exact: true })
    .click()
  await expect(page.getByText('This folder is empty')).toBeVisible()
  await put(s3, bucket, ['late.txt'])
  await page.getByRole('button', { name: 'Refresh', exact: true }).click()
  await expect(page.getByRole('row', { name: 'late.txt', exact: true })).toBeVisible()
})

test('folders beyond 1,000 keys load page by page as the list scrolls', async ({ page, bucket, s3 }) => {
  test.setTimeout(120_000)
  const keys = Array.from({ length: 1_050 }, (_, i) => `many/item-${String(i).padStart(5, '0')}.txt`)
  await put(s3, bucket, keys)
  await page
    .getByRole('navigation', { name: 'Buckets' })
    .getByRole('button', { name: bucket, exact: true })
    .click()
  await page.getByRole('grid', { name: 'Objects' }).getByRole('row', { name: 'many', exact: true }).click()

  const objects = page.getByRole('grid', { name: 'Objects' })
  await expect(objects.getByRole('row', { name: 'item-00000.txt' })).toBeVisible()
  await expect(page.getByText('1,000 objects so far')).toBeVisible()
  // Virtualized: a thousand rows listed, only a screenful in the DOM.
  expect(await objects.getByRole('row').count()).toBeLessThan(100)

  const body = objects.locator('.object-table__body')
  await expect(async () => {
    await body.evaluate((element) => element.scrollTo({ top: element.scrollHeight }))
    await expect(objects.getByRole('row', { name: 'item-01049.txt' })).toBeVisible({ timeout: 1_000 })
  }).toPass()
  await expect(page.getByText('1,050 objects', { exact: true })).toBeVisible()
})

test('each column sorts both ways, folders stay on top, and the filter narrows by name', async ({
  page,
  bucket,
  s3,
}) => {
  const objects = [
    { key: 'b-medium.txt', body: 'x'.repeat(500) },
    { key: 'a-large.txt', body: 'x'.repeat(5000) },
    { key: 'c-small.txt', body: 'x' },
  ]
  // Written one after another, so their dates follow this order.
  for (const { key, body } of objects) {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))
    await new Promise((resolve) => setTimeout(resolve, 1100))
  }
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'zz-folder/inside.txt', Body: 'x' }))
  await page
    .getByRole('navigation', { name: 'Buckets' })
    .getByRole('button', { name: bucket, exact: true })
    .click()
  const table = page.getByRole('grid', { name: 'Objects' })
  const names = () => table.getByRole('rowgroup').nth(1).getByRole('row')
  const header = (name: string) => table.getByRole('columnheader', { name })

  await expect(names()).toHaveCount(4)
  const order = async () => names().evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')))
  expect(await order()).toEqual(['zz-folder', 'a-large.txt', 'b-medium.txt', 'c-small.txt'])
  await expect(header('Name')).toHaveAttribute('aria-sort', 'ascending')

  await header('Name').getByRole('button').click()
  await expect(header('Name')).toHaveAttribute('aria-sort', 'descending')
  expect(await order()).toEqual(['zz-folder', 'c-small.txt', 'b-medium.txt', 'a-large.txt'])

  await header('Size').getByRole('button').click()
  await expect(header('Size')).toHaveAttribute('aria-sort', 'ascending')
  await expect(header('Name')).toHaveAttribute('aria-sort', 'none')
  expect(await order()).toEqual(['zz-folder', 'c-small.txt', 'b-medium.txt', 'a-large.txt'])
  await header('Size').getByRole('button').click()
  expect(await order()).toEqual(['zz-folder', 'a-large.txt', 'b-medium.txt', 'c-small.txt'])

  await header('Last modified').getByRole('button').click()
  expect(await order()).toEqual(['zz-folder', 'b-medium.txt', 'a-large.txt', 'c-small.txt'])
  await header('Last modified').getByRole('button').click()
  expect(await order()).toEqual(['zz-folder', 'c-small.txt', 'a-large.txt', 'b-medium.txt'])

  await header('Storage class').getByRole('button').click()
  await expect(header('Storage class')).toHaveAttribute('aria-sort', 'ascending')
  // One class for all: names decide.
  expect(await order()).toEqual(['zz-folder', 'a-large.txt', 'b-medium.txt', 'c-small.txt'])

  const filter = page.getByLabel('Filter', { exact: true })
  await filter.fill('MED')
  await expect(names()).toHaveCount(1)
  expect(await order()).toEqual(['b-medium.txt'])
  await filter.fill('folder')
  expect(await order()).toEqual(['zz-folder'])
  await filter.fill('nothing-like-this')
  await expect(page.getByText('Nothing matches “nothing-like-this”')).toBeVisible()
  await filter.press('Escape')
  await expect(names()).toHaveCount(4)

  // A new folder starts unfiltered.
  await filter.fill('zz')
  await table.getByRole('row', { name: 'zz-folder', exact: true }).click()
  await expect(table.getByRole('row', { name: 'inside.txt', exact: true })).toBeVisible()
  await expect(filter).toHaveValue('')
})

test('New folder creates an empty folder that lists and opens', async ({ page, bucket, s3 }) => {
  await page
    .getByRole('navigation', { name: 'Buckets' })
    .getByRole('button', { name: bucket, exact: true })
    .click()
  await expect(page.getByText('This folder is empty')).toBeVisible()
  await folderAction(page, 'New folder')
  const dialog = page.getByRole('dialog', { name: 'New folder' })
  const name = dialog.getByLabel('Folder name')
  await name.fill('a/b')
  await expect(dialog).toContainText('cannot contain “/”')
  await expect(dialog.getByRole('button', { name: 'Create folder' })).toBeDisabled()
  await name.fill('Reports 2026')
  await dialog.getByRole('button', { name: 'Create folder' }).click()
  await expect(dialog).toBeHidden()

  const table = page.getByRole('grid', { name: 'Objects' })
  await expect(table.getByRole('row', { name: 'Reports 2026', exact: true })).toBeVisible()
  const marker = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'Reports 2026/' }))
  expect(marker.ContentLength).toBe(0)

  await table.getByRole('row', { name: 'Reports 2026', exact: true }).click()
  await expect(page.getByText('This folder is empty')).toBeVisible()
  // A folder inside it, then the same name again: the existing marker is kept, no error.
  for (let i = 0; i < 2; i++) {
    await folderAction(page, 'New folder')
    await dialog.getByLabel('Folder name').fill('q1')
    await dialog.getByRole('button', { name: 'Create folder' }).click()
    await expect(dialog).toBeHidden()
  }
  await expect(table.getByRole('row', { name: 'q1', exact: true })).toBeVisible()
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }))
  expect(listed.Contents?.map((o) => o.Key).sort()).toEqual(['Reports 2026/', 'Reports 2026/q1/'])
})
