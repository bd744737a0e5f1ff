// Steps many specs share, written as a person does them.
import { expect, type Locator, type Page } from '@playwright/test'

/** Opens a bucket from the sidebar and waits for its listing. */
export async function openBucket(page: Page, bucket: string): Promise<Locator> {
  await page
    .getByRole('navigation', { name: 'Buckets' })
    .getByRole('button', { name: bucket, exact: true })
    .click()
  const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' })
  await expect(breadcrumb.getByRole('button', { name: bucket })).toBeVisible()
  return page.getByRole('table', { name: 'Objects' })
}

export const uploadSheet = (page: Page): Locator => page.getByRole('dialog', { name: /^Upload to / })

export const transfers = (page: Page): Locator => page.getByRole('region', { name: 'Transfers' })

/** Adds one x-amz-meta-* row to a metadata form and fills it. */
export async function addMetadata(form: Locator, name: string, value: string): Promise<void> {
  await form.getByRole('button', { name: 'Add metadata' }).click()
  const row = form.getByRole('listitem', { name: 'New metadata' }).last()
  await row.getByLabel('Metadata value', { exact: true }).fill(value)
  await row.getByLabel('Metadata key', { exact: true }).fill(name)
}
