// Finding things: a path typed into the toolbar opens there, a search lists matching keys at
// any depth with a count, and a pinned folder reopens from the sidebar after switching away.
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'
import { openBucket } from './support/app'

test('go to a typed path, find keys across the bucket, pin a folder', async ({ page, bucket, s3 }) => {
  for (const key of [
    'docs/2024/report-q1.pdf',
    'docs/2024/Report-Q2.pdf',
    'docs/notes.txt',
    'img/report.png',
  ])
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }))
  const objects = await openBucket(page, bucket)
  const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' })

  // A typed folder path opens it; a typed key opens its folder narrowed to it.
  const typePath = page.getByRole('button', { name: 'Type a path' })
  const path = page.getByRole('search', { name: 'Go to path' }).getByLabel('Path')
  await typePath.click()
  await expect(path).toHaveValue(`s3://${bucket}/`)
  await path.fill(`s3://${bucket}/docs/2024/`)
  await path.press('Enter')
  await expect(breadcrumb.getByRole('button', { name: '2024' })).toHaveAttribute('aria-current', 'page')
  await expect(objects.getByRole('row', { name: 'report-q1.pdf', exact: true })).toBeVisible()
  await typePath.click()
  await path.fill('/docs/notes.txt')
  await path.press('Enter')
  await expect(breadcrumb.getByRole('button', { name: 'docs' })).toHaveAttribute('aria-current', 'page')
  await expect(objects.getByRole('row', { name: 'notes.txt', exact: true })).toBeVisible()
  await expect(objects.getByRole('row', { name: '2024', exact: true })).toHaveCount(0)
  await typePath.click()
  await path.fill('a//b')
  await path.press('Enter')
  await expect(page.getByRole('search', { name: 'Go to path' }).getByRole('alert')).toContainText('"//"')
  await path.press('Escape')
  await expect(breadcrumb.getByRole('button', { name: 'docs' })).toHaveAttribute('aria-current', 'page')

  // Search from the bucket's root: every depth, ignoring case, with the count.
  await breadcrumb.getByRole('button', { name: bucket }).click()
  await page.getByRole('button', { name: 'Find…' }).click()
  const find = page.getByRole('dialog', { name: `Find in ${bucket}/` })
  await find.getByLabel('Words in the key').fill('report')
  await find.getByRole('button', { name: 'Find', exact: true }).click()
  await expect(find.getByTestId('find-count')).toHaveText('3 found in 4 keys')
  const found = find.getByRole('list', { name: 'Found keys' })
  // In S3's order: by UTF-8 bytes, so "R" before "r".
  await expect(found.getByRole('button')).toHaveText([
    'docs/2024/Report-Q2.pdf',
    'docs/2024/report-q1.pdf',
    'img/report.png',
  ])
  await found.getByRole('button', { name: 'img/report.png' }).click()
  await expect(find).toBeHidden()
  await expect(breadcrumb.getByRole('button', { name: 'img' })).toHaveAttribute('aria-current', 'page')

  // Pin the folder, leave it, and come back from the sidebar.
  await page.getByRole('button', { name: 'Pin', exact: true }).click()
  const pinned = page.getByRole('navigation', { name: 'Pinned' })
  await expect(pinned.getByRole('button', { name: `${bucket}/img/`, exact: true })).toBeVisible()
  await breadcrumb.getByRole('button', { name: bucket }).click()
  await pinned.getByRole('button', { name: `${bucket}/img/`, exact: true }).click()
  await expect(breadcrumb.getByRole('button', { name: 'img' })).toHaveAttribute('aria-current', 'page')
  // Kept by main across a reload of the window.
  await page.reload()
  await expect(
    page
      .getByRole('navigation', { name: 'Pinned' })
      .getByRole('button', { name: `${bucket}/img/`, exact: true }),
  ).toBeVisible()
  await page
    .getByRole('navigation', { name: 'Pinned' })
    .getByRole('button', { name: `Unpin ${bucket}/img/` })
    .click()
  await expect(page.getByRole('navigation', { name: 'Pinned' })).toHaveCount(0)
})
