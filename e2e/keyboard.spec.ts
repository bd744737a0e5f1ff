import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'
import { openBucket } from './support/app'

test('the object list works from the keyboard: arrows, Enter, Backspace and Delete', async ({
  page,
  bucket,
  s3,
}) => {
  // Enough rows that moving to the last one must scroll the virtualized list.
  const keys = [
    'docs/readme.md',
    ...Array.from({ length: 60 }, (_, i) => `file-${String(i).padStart(2, '0')}.txt`),
  ]
  await Promise.all(keys.map((Key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }))))
  const objects = await openBucket(page, bucket)
  const row = (name: string) => objects.getByRole('row', { name, exact: true })
  await expect(row('docs')).toBeVisible()

  // The list takes focus as one control.
  await objects.focus()
  await page.keyboard.press('ArrowDown')
  await expect(row('docs')).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('ArrowDown')
  await expect(row('file-00.txt')).toHaveAttribute('aria-selected', 'true')
  await expect(row('docs')).toHaveAttribute('aria-selected', 'false')
  // The inspector follows the selection.
  await expect(
    page.getByRole('complementary', { name: 'Inspector' }).getByRole('heading', { level: 2 }),
  ).toHaveText('file-00.txt')
  await page.keyboard.press('Shift+ArrowDown')
  await expect(row('file-01.txt')).toHaveAttribute('aria-selected', 'true')
  await expect(row('file-00.txt')).toHaveAttribute('aria-selected', 'true')

  // End goes to the last row, far below the fold: the list scrolls it into view.
  await expect(row('file-59.txt')).toHaveCount(0)
  await page.keyboard.press('End')
  await expect(row('file-59.txt')).toBeInViewport()
  await expect(row('file-59.txt')).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('ArrowUp')
  await expect(row('file-58.txt')).toHaveAttribute('aria-selected', 'true')

  // Enter opens a folder, Backspace goes back up.
  await page.keyboard.press('Home')
  await page.keyboard.press('Enter')
  const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' })
  await expect(breadcrumb.getByRole('listitem')).toHaveText([bucket, 'docs'])
  await expect(row('readme.md')).toBeVisible()
  await page.keyboard.press('Backspace')
  await expect(breadcrumb.getByRole('listitem')).toHaveText([bucket])
  await expect(row('docs')).toBeVisible()

  // Delete asks first; Cancel keeps the object, confirming deletes it.
  await objects.focus()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await expect(row('file-00.txt')).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Delete')
  const confirm = page.getByRole('dialog', { name: 'Delete “file-00.txt”?' })
  await confirm.getByRole('button', { name: 'Cancel' }).click()
  await expect(confirm).toBeHidden()
  await expect(row('file-00.txt')).toBeVisible()
  await objects.focus()
  await page.keyboard.press('Delete')
  await confirm.getByRole('button', { name: 'Delete' }).click()
  await expect(row('file-00.txt')).toHaveCount(0)
  const left = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'file-00' }))
  expect(left.KeyCount ?? 0).toBe(0)
})
