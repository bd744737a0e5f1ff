// Pictures of the transfers panel with a folder rename running, then done, light and dark:
//   FERRY_SCREENSHOT=1 npx playwright test --project screenshot e2e/move-panel-screenshot.spec.ts
// They land in test-results/, to look at; nothing in the repository changes.
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'
import { openBucket, renameFolder, transfers } from './support/app'

const COUNT = 600

test('the transfers panel with a move running and done', async ({ page, bucket, s3 }, info) => {
  test.setTimeout(300_000)
  const keys = Array.from({ length: COUNT }, (_, i) => `photos/2024/IMG_${String(i).padStart(4, '0')}.jpg`)
  for (let i = 0; i < keys.length; i += 50)
    await Promise.all(
      keys.slice(i, i + 50).map((Key, j) =>
        s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key,
            Body: Buffer.alloc(20_000 + ((i + j) % 97) * 3_000, 7),
          }),
        ),
      ),
    )
  await openBucket(page, bucket)
  await renameFolder(page, 'photos', 'archive-2024')
  const row = transfers(page).getByRole('listitem', { name: 'photos/ → archive-2024/' })
  await expect(row).toContainText('Moving')
  await expect
    .poll(async () => Number(await row.getByRole('progressbar').getAttribute('value')))
    .toBeGreaterThan(60)
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    await page.screenshot({ path: info.outputPath(`move-running-${colorScheme}.png`) })
  }
  await expect(row).toContainText('Done', { timeout: 120_000 })
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    await page.screenshot({ path: info.outputPath(`move-done-${colorScheme}.png`) })
  }
  // A rename onto a name objects already take fails: its row says which, and what to do.
  for (const Key of ['drafts/x.txt', 'final/x.txt'])
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }))
  await openBucket(page, bucket)
  await renameFolder(page, 'drafts', 'final')
  await page.keyboard.press('Escape')
  const failed = transfers(page).getByRole('listitem', { name: 'drafts/ → final/' })
  await expect(failed).toContainText('Failed')
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    await page.screenshot({ path: info.outputPath(`move-failed-${colorScheme}.png`) })
  }
})
