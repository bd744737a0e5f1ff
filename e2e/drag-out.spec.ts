import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'
import { openBucket, transfers, uploadSheet } from './support/app'

const MiB = 1024 * 1024

test('dragging selected objects out of the window hands the OS drag their verified files', async ({
  page,
  bucket,
  s3,
  desktop,
  dropFiles,
}) => {
  const bodies: Record<string, Buffer> = {
    'pics/a.jpg': randomBytes(200_000),
    'pics/b.bin': randomBytes(9 * MiB + 3),
    'pics/c.txt': Buffer.from('not dragged'),
    'pics/huge.bin': randomBytes(65 * MiB),
  }
  for (const [key, body] of Object.entries(bodies))
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))

  const objects = await openBucket(page, bucket)
  await objects.getByRole('row', { name: 'pics', exact: true }).click()
  await objects.getByRole('row', { name: 'a.jpg', exact: true }).click()
  await objects.getByRole('row', { name: 'b.bin', exact: true }).click({ modifiers: ['Control'] })
  await objects.getByRole('row', { name: 'b.bin', exact: true }).dispatchEvent('dragstart')

  await expect.poll(() => desktop.drags.length, { timeout: 30_000 }).toBe(1)
  const files = desktop.drags[0]!
  expect(files.map((f) => basename(f))).toEqual(['a.jpg', 'b.bin'])
  expect((await readFile(files[0]!)).equals(bodies['pics/a.jpg']!)).toBe(true)
  expect((await readFile(files[1]!)).equals(bodies['pics/b.bin']!)).toBe(true)

  // The same files let go over the window again are not uploaded.
  await dropFiles(objects, files)
  // The sheet would open within a moment of the drop (its plan comes from main).
  await page.waitForTimeout(1_000)
  await expect(uploadSheet(page)).toHaveCount(0)

  // A row outside the selection drags alone; one too large to fetch in a moment is refused.
  await objects.getByRole('row', { name: 'huge.bin', exact: true }).dispatchEvent('dragstart')
  await expect(transfers(page).getByRole('alert')).toContainText(
    'cannot be fetched while the pointer is held',
  )
  expect(desktop.drags.length).toBe(1)
})
