import { execFileSync } from 'node:child_process'
import {
  DeleteObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'
import { openBucket, transfers, uploadSheet } from './support/app'
import { localFiles } from './support/local-files'
import { bytesOf, headOf } from './support/s3-objects'

const MiB = 1024 * 1024

test('Pause all stops every upload, Resume all finishes them; the taskbar follows and a notification ends the batch', async ({
  page,
  bucket,
  s3,
  desktop,
}) => {
  test.setTimeout(180_000)
  const files = await localFiles({})
  const sizes = { 'first.iso': 400 * MiB + 3, 'second.iso': 300 * MiB + 11 }
  // Sparse files: large on the wire, instant to make.
  for (const [name, size] of Object.entries(sizes))
    execFileSync('truncate', ['-s', String(size), files.path(name)])
  await openBucket(page, bucket)
  // Through the file dialog: the test harness's drop would copy 700 MiB into the page.
  desktop.answerUploadPick(Object.keys(sizes).map((name) => files.path(name)))
  await page.getByRole('button', { name: 'Upload...' }).click()
  await uploadSheet(page).getByRole('button', { name: 'Start upload' }).click()

  const panel = transfers(page)
  const row = (name: string) => panel.getByRole('listitem', { name })
  await expect(row('first.iso')).toContainText(/Uploading|Preparing|Queued/)
  await panel.getByRole('button', { name: 'Pause all' }).click()
  for (const name of Object.keys(sizes)) await expect(row(name)).toContainText('Paused', { timeout: 30_000 })
  await expect(panel.getByRole('button', { name: 'Pause all' })).toBeDisabled()
  const paused = Number(await row('first.iso').getByRole('progressbar').getAttribute('value'))
  expect(paused).toBeLessThan(sizes['first.iso'])
  // Pausing is the person's own doing: the taskbar clears and nothing is announced.
  await expect.poll(() => desktop.progress.at(-1)).toEqual({ fraction: null, mode: 'normal' })
  expect(desktop.notifications).toEqual([])

  await panel.getByRole('button', { name: 'Resume all' }).click()
  for (const name of Object.keys(sizes))
    // The panel names the proof: radosgw's multipart ETags, recomputed from the files.
    await expect(row(name)).toContainText('Verified · multipart ETag', { timeout: 120_000 })
  for (const [name, size] of Object.entries(sizes))
    expect((await headOf(s3, bucket, name)).ContentLength).toBe(size)

  const fractions = desktop.progress.map((p) => p.fraction).filter((f): f is number => f !== null)
  expect(fractions.some((f) => f > 0 && f < 1)).toBe(true)
  expect(desktop.progress.at(-1)).toEqual({ fraction: null, mode: 'normal' })
  await expect
    .poll(() => desktop.notifications)
    .toEqual([{ title: 'Uploads finished', body: '2 files, 700 MiB, verified' }])
  await files.remove()
})

test('Retry finishes a failed upload once its cause is gone; the failure was notified', async ({
  page,
  bucket,
  s3,
  dropFiles,
  desktop,
}) => {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'taken.txt', Body: 'someone else’s' }))
  const files = await localFiles({ 'taken.txt': 'mine' })
  const objects = await openBucket(page, bucket)
  await dropFiles(objects, [files.path('taken.txt')])
  await uploadSheet(page).getByRole('button', { name: 'Start upload' }).click()
  const row = transfers(page).getByRole('listitem', { name: 'taken.txt' })
  await expect(row).toContainText('Failed')
  await expect(row.getByRole('alert')).toContainText('already exists')
  await expect
    .poll(() => desktop.notifications)
    .toEqual([
      {
        title: 'Uploads failed',
        body: `0 files done, taken.txt failed: s3://${bucket}/taken.txt already exists`,
      },
    ])

  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'taken.txt' }))
  await row.getByRole('button', { name: 'Retry' }).click()
  await expect(row).toContainText('Verified')
  await expect(row.getByRole('button', { name: 'Retry' })).toHaveCount(0)
  expect((await bytesOf(s3, bucket, 'taken.txt')).toString()).toBe('mine')
  await expect.poll(() => desktop.notifications.at(-1)?.title).toBe('Uploads finished')
  await files.remove()
})

test('Cancel stops an upload and leaves no incomplete upload on the server', async ({
  page,
  bucket,
  s3,
  desktop,
}) => {
  test.setTimeout(120_000)
  const files = await localFiles({})
  execFileSync('truncate', ['-s', String(600 * MiB), files.path('cancel-me.iso')])
  await openBucket(page, bucket)
  desktop.answerUploadPick([files.path('cancel-me.iso')])
  await page.getByRole('button', { name: 'Upload...' }).click()
  await uploadSheet(page).getByRole('button', { name: 'Start upload' }).click()
  const row = transfers(page).getByRole('listitem', { name: 'cancel-me.iso' })
  const progress = row.getByRole('progressbar')
  await expect
    .poll(async () => Number(await progress.getAttribute('value')), { intervals: [50] })
    .toBeGreaterThan(0)
  await row.getByRole('button', { name: 'Cancel' }).click()
  await expect(row).toContainText('Cancelled', { timeout: 30_000 })
  await expect(row.getByRole('button')).toHaveCount(0)
  await expect
    .poll(async () => (await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? [])
    .toEqual([])
  await expect(headOf(s3, bucket, 'cancel-me.iso')).rejects.toThrow()
  await files.remove()
})

test('a folder of 120 files: the sheet counts them, and the transfer list keeps only what is in view in the DOM', async ({
  page,
  bucket,
  s3,
  desktop,
}) => {
  test.setTimeout(120_000)
  const contents: Record<string, string> = {}
  for (let i = 0; i < 120; i++) contents[`batch/file-${String(i).padStart(3, '0')}.txt`] = `file ${i}`
  const files = await localFiles(contents)
  await openBucket(page, bucket)
  desktop.answerUploadPick([files.path('batch')])
  await page.getByRole('button', { name: 'Upload...' }).click()
  const sheet = uploadSheet(page)
  await expect(sheet).toContainText('120 files, 850 B')
  await sheet.getByRole('button', { name: 'Start upload' }).click()

  const panel = transfers(page)
  // The sheet closes once the 120 transfers exist; then the summary counts down to none active,
  // with all 120 among the done (small files may all finish before a check could see them run).
  await expect(sheet).toBeHidden()
  const summary = panel.locator('.transfers__summary')
  await expect(summary).toContainText(/^0 active( · \d+ paused)? · \d+ done/, { timeout: 90_000 })
  expect(Number(/(\d+) done/.exec((await summary.textContent()) ?? '')?.[1])).toBeGreaterThanOrEqual(120)
  expect(await panel.getByRole('listitem').count()).toBeLessThan(40)
  await expect(panel.getByRole('listitem').first()).toHaveAttribute('aria-setsize', /^\d+$/)
  // Started together, listed by name: the first at the top, the last only after scrolling.
  await expect(panel.getByRole('listitem', { name: 'file-000.txt' })).toBeVisible()
  await expect(panel.getByRole('listitem', { name: 'file-119.txt' })).toHaveCount(0)
  const scroller = panel.locator('.transfers__scroll')
  await expect(async () => {
    await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }))
    await expect(panel.getByRole('listitem', { name: 'file-119.txt' })).toBeVisible({ timeout: 1_000 })
  }).toPass()
  await expect(panel.getByRole('listitem', { name: 'file-000.txt' })).toHaveCount(0)
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'batch/' }))
  expect(listed.KeyCount).toBe(120)

  // Clear finished takes the done rows off the list, here and on the main side.
  await panel.getByRole('button', { name: 'Clear finished' }).click()
  await expect(panel).toContainText('No transfers yet')
  await expect(panel.getByRole('button', { name: 'Clear finished' })).toBeDisabled()
  await page.reload()
  await expect(transfers(page)).toContainText('No transfers yet')
  await files.remove()
})
