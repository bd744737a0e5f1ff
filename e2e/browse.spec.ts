import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'

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

  const objects = page.getByRole('table', { name: 'Objects' })
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
  await page.getByRole('table', { name: 'Objects' }).getByRole('row', { name: 'many', exact: true }).click()

  const objects = page.getByRole('table', { name: 'Objects' })
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
