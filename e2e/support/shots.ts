import type { Page } from '@playwright/test'

/** With FERRY_SHOTS=DIR, keeps pictures of the page, light and dark, for a person to look at. */
export async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env['FERRY_SHOTS']
  if (!dir) return
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    await page.screenshot({ path: `${dir}/${name}-${scheme}.png` })
  }
  await page.emulateMedia({ colorScheme: null })
}
