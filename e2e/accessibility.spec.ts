// An accessibility audit of every view with axe-core (WCAG 2.1 A and AA rules), in light and
// dark: no serious or critical violation anywhere. Each violation is listed with the rule,
// its help text and the elements it found, so the report says what to fix.
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { openDeepFolder, tourViews } from './support/views'

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

async function audit(page: Page, view: string): Promise<string[]> {
  const found: string[] = []
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze()
    for (const v of violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue
      const where = v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 100)}`)
      found.push(`${view} (${colorScheme}): ${v.id} [${v.impact}] ${v.help}: ${where.join(', ')}`)
    }
  }
  await page.emulateMedia({ colorScheme: null })
  return found
}

test('no serious or critical accessibility violations in any view', async ({ page, bucket, s3, desktop }) => {
  // About two minutes on an idle two-core machine: room for a loaded one.
  test.setTimeout(360_000)
  const found: string[] = []
  await expect(page.getByText('Pick a bucket')).toBeVisible()
  found.push(...(await audit(page, 'no bucket open')))
  await openDeepFolder(page, s3, bucket)
  await tourViews(page, bucket, desktop, async (view) => {
    found.push(...(await audit(page, view)))
  })
  // The list with several rows picked, and with the panels collapsed.
  const objects = page.getByRole('grid', { name: 'Objects' })
  await objects.getByRole('row', { name: 'report.txt', exact: true }).click({ modifiers: ['Shift'] })
  await objects.getByRole('row', { name: 'one.txt', exact: true }).click({ modifiers: ['Shift'] })
  await page.getByRole('button', { name: 'Hide inspector' }).click()
  await page.getByRole('button', { name: 'Hide transfers' }).click()
  found.push(...(await audit(page, 'several rows, panels collapsed')))
  expect(found).toEqual([])
})
