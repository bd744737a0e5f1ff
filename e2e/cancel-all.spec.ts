import { execFileSync } from 'node:child_process'
import { ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { openBucket, transfers, uploadSheet, folderAction } from './support/app'
import { localFiles } from './support/local-files'
import type { PageWindow } from './support/page-globals'
import { shot } from './support/shots'

const MiB = 1024 * 1024

/** The panel's header at this width: its summary and its four buttons on one line, none cut. */
async function expectHeaderOnOneLine(page: Page, width: number): Promise<void> {
  await page.setViewportSize({ width, height: 768 })
  const header = transfers(page).locator('.transfers__header')
  const box = (await header.boundingBox())!
  const centres: number[] = []
  for (const name of ['Pause all', 'Resume all', 'Cancel all', 'Clear finished']) {
    const button = (await header.getByRole('button', { name }).boundingBox())!
    centres.push(Math.round(button.y + button.height / 2))
    expect(button.x + button.width, name).toBeLessThanOrEqual(box.x + box.width)
  }
  expect(new Set(centres).size).toBe(1)
  expect(box.height).toBeLessThan(40)
  await expect(header.locator('.transfers__summary')).toBeVisible()
}

test('Cancel all, once confirmed, cancels every transfer not finished, the paused one too, and leaves no upload open', async ({
  page,
  bucket,
  s3,
  desktop,
}) => {
  test.setTimeout(180_000)
  const files = await localFiles({})
  const names = ['one.iso', 'two.iso', 'three.iso', 'four.iso']
  // Sparse files: large on the wire, instant to make.
  for (const name of names) execFileSync('truncate', ['-s', String(300 * MiB), files.path(name)])
  // Slow enough that none finishes before Cancel all (put back below: settings outlive the test).
  const limit = (maxBytesPerSecond: number) =>
    page.evaluate(
      (value) => (globalThis as unknown as PageWindow).ferry.saveSettings({ maxBytesPerSecond: value }),
      maxBytesPerSecond,
    )
  await limit(40 * MiB)
  await openBucket(page, bucket)
  desktop.answerUploadPick(names.map((name) => files.path(name)))
  await folderAction(page, 'Upload...')
  await uploadSheet(page).getByRole('button', { name: 'Start upload' }).click()

  const panel = transfers(page)
  const row = (name: string) => panel.getByRole('listitem', { name })
  // One is paused once some of its parts are stored: its multipart upload is open on the store.
  const progress = row('one.iso').getByRole('progressbar')
  await expect
    .poll(async () => Number(await progress.getAttribute('value')), { intervals: [50] })
    .toBeGreaterThan(0)
  await row('one.iso').getByRole('button', { name: 'Pause' }).click()
  await expect(row('one.iso')).toContainText('Paused', { timeout: 30_000 })

  await expectHeaderOnOneLine(page, 1024)
  await shot(page, 'transfers-1024')
  await page.setViewportSize({ width: 1280, height: 800 })

  await panel.getByRole('button', { name: 'Cancel all' }).click()
  const dialog = page.getByRole('dialog', { name: 'Cancel 4 transfers?' })
  await expect(dialog).toContainText('Uploads are aborted on the store')
  await expect(dialog).toContainText('partial downloads are removed')
  await shot(page, 'cancel-all-confirm')
  // Keeping them changes nothing.
  await dialog.getByRole('button', { name: 'Keep them' }).click()
  await expect(dialog).toBeHidden()
  await expect(row('one.iso')).toContainText('Paused')

  await panel.getByRole('button', { name: 'Cancel all' }).click()
  await page
    .getByRole('dialog', { name: 'Cancel 4 transfers?' })
    .getByRole('button', { name: 'Cancel 4 transfers' })
    .click()
  for (const name of names) await expect(row(name)).toContainText('Cancelled', { timeout: 30_000 })
  await expect(panel.getByRole('button', { name: 'Cancel all' })).toBeDisabled()
  await expect(panel.locator('.transfers__summary')).toHaveText('0 active · 0 done')
  await expect
    .poll(async () => (await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? [])
    .toEqual([])
  expect((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount ?? 0).toBe(0)
  await shot(page, 'cancel-all-done')
  await limit(0)
  await files.remove()
})
