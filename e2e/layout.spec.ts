// The window at common laptop sizes and at 200% zoom: nothing clipped, nothing running past
// its container, in light and dark; the breadcrumb always shows the bucket and the open
// folder; every toolbar action is reachable; dialogs scroll; panel sizes are remembered.
import { test, expect } from './fixtures'
import { expectToFit, expectWhole } from './support/fit-check'
import { shot } from './support/shots'
import { DEEP, openDeepFolder, tourViews } from './support/views'
import type { S3Client } from '@aws-sdk/client-s3'
import type { Page } from '@playwright/test'
import type { RecordingDesktop } from '../src/main/core/node-adapters/recording-desktop'

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
  { width: 1366, height: 768 },
]

/** Checks the screen as it is, in both colour schemes. */
async function expectFitsInBothSchemes(page: Page, where: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    await expectToFit(page, `${where} (${colorScheme})`)
  }
  await page.emulateMedia({ colorScheme: null })
}

async function expectBreadcrumbEnds(page: Page, bucket: string): Promise<void> {
  const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' })
  const first = breadcrumb.getByRole('button', { name: bucket, exact: true })
  const last = breadcrumb.getByRole('button', { name: DEEP.at(-1)!, exact: true })
  await expect(first).toBeVisible()
  await expect(last).toHaveAttribute('aria-current', 'page')
  await expectWhole(first.locator('.breadcrumb__label'), 'the bucket in the breadcrumb')
  await expectWhole(last.locator('.breadcrumb__label'), 'the open folder in the breadcrumb')
}

async function tourAt(page: Page, bucket: string, s3: S3Client, desktop: RecordingDesktop) {
  const size = page.viewportSize()!
  // The window as it opens: a connection, no bucket yet.
  await expect(page.getByText('Pick a bucket')).toBeVisible()
  await expectFitsInBothSchemes(page, 'no bucket open')
  await shot(page, `${size.width}x${size.height}-no-bucket`)
  await openDeepFolder(page, s3, bucket)
  await shot(page, `${size.width}x${size.height}-deep-folder`)
  await expectBreadcrumbEnds(page, bucket)
  await tourViews(page, bucket, desktop, async (view) => {
    await expectFitsInBothSchemes(page, view)
    // With FERRY_SHOTS=DIR, a picture of each view to look at.
    await shot(page, `${size.width}x${size.height}-${view.replaceAll(' ', '-')}`)
  })
}

for (const size of SIZES) {
  test.describe(`at ${size.width} x ${size.height}`, () => {
    test.use({ viewport: size })
    test('every view fits, in light and dark', async ({ page, bucket, s3, desktop }) => {
      test.setTimeout(240_000)
      await tourAt(page, bucket, s3, desktop)
    })
  })
}

// A 1280 x 800 window at 200% zoom lays out in 640 x 400 CSS pixels, drawn at twice the density.
test.describe('at 1280 x 800 and 200% zoom', () => {
  test.use({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 })
  test('every view fits, in light and dark', async ({ page, bucket, s3, desktop }) => {
    test.setTimeout(240_000)
    await tourAt(page, bucket, s3, desktop)
  })
})
